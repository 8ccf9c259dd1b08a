import { Module, type DynamicModule } from '@nestjs/common';
import { ReceptionModule } from '@kntc/cases';
import { DEPARTMENTS } from '../catalog/catalog.http.controller';
import type { Department } from '../catalog/departments.file';
import { ReceptionBookHttpController } from './reception-book.http.controller';
import { ReceptionPeriodQuery } from './reception-period.query';
import { ReceptionScheduleHttpController } from './reception-schedule.http.controller';
import { ReceptionSessionsHttpController } from './reception-sessions.http.controller';

/** Reception sessions, the schedule and the reception book over HTTP; the read side uses the global read-models module when Redis is set. */
@Module({})
export class ReceptionHttpModule {
  static register(departments: readonly Department[]): DynamicModule {
    return {
      module: ReceptionHttpModule,
      imports: [ReceptionModule],
      controllers: [ReceptionSessionsHttpController, ReceptionScheduleHttpController, ReceptionBookHttpController],
      providers: [ReceptionPeriodQuery, { provide: DEPARTMENTS, useValue: departments }],
    };
  }
}

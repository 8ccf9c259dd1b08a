import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CasesModule, ReceptionModule, type CaseEngineDependencies } from '@kntc/cases';

/** The write side only, as the API wires it: the importer runs every line through the same command bus. */
@Module({})
export class RegisterImportModule {
  static register(engine: CaseEngineDependencies): DynamicModule {
    return { module: RegisterImportModule, imports: [CqrsModule.forRoot(), CasesModule.register(engine), ReceptionModule] };
  }
}

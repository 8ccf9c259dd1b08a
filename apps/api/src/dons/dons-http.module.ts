import { Module } from '@nestjs/common';
import { DonsHttpController } from './dons.http.controller';

/** Đơn over HTTP; the handlers are CasesModule's (global), beside the case handlers they call. */
@Module({ controllers: [DonsHttpController] })
export class DonsHttpModule {}

import { Module } from '@nestjs/common';
import { ExecuteReceptionCommandHandler } from './execute-reception-command.handler';
import { ReceptionQueries } from './reception.queries';

/** The reception use cases, over the ports CasesModule provides (import it, global, beside CqrsModule). */
@Module({ providers: [ExecuteReceptionCommandHandler, ReceptionQueries], exports: [ReceptionQueries] })
export class ReceptionModule {}

/**
 * The machine's own ceiling for the HTTP benchmark: a bare NestJS POST handler on the same Nest and Express versions
 * as the API, with a JSON body parsed and a JSON answer, nothing stored. Started as a child process by
 * bench/http-commands.bench.ts; prints its port on stdout.
 */
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

@Controller('api')
class BareController {
  @Post('cases')
  @HttpCode(201)
  file(@Body() body: Record<string, unknown>): Record<string, unknown> {
    return { caseId: randomUUID(), revision: 1, kind: body['kind'] };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(BareModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  process.stdout.write(`${(app.getHttpServer().address() as AddressInfo).port}\n`);
}

void main();

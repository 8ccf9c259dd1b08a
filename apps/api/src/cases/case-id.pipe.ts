import { Injectable, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { ApiProblem } from '../shared/api-problem.error';

/** Case ids are UUIDs; anything else names no case. */
@Injectable()
export class ParseCaseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUUID(value)) throw new ApiProblem(400, 'invalid-case-id', 'Mã hồ sơ không hợp lệ', `Mã hồ sơ "${value.slice(0, 100)}" không phải UUID.`);
    return value.toLowerCase();
  }
}

import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'kntc:auth:public';

/** The route answers without a token (health checks). Every other route needs one. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

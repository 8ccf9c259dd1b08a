import { SetMetadata } from '@nestjs/common';
import type { Permission } from '../permissions';

export const REQUIRED_PERMISSION = 'kntc:auth:permission';

/**
 * The permission of the table (permissions.ts) a route needs. Every route declares one, or is @Public();
 * PermissionGuard refuses a route that declares neither, so a new route is closed until it says who may use it.
 */
export const RequiresPermission = (permission: Permission): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_PERMISSION, permission);

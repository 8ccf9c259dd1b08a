import type { Role } from '@kntc/workflow';

/** Whoever issues a command. Every event names its actor; there are no anonymous writes. */
export interface Actor {
  id: string;
  role: Role;
  department: string;
  name?: string;
}

/** The shapes of the API answers the whole UI shares; each page keeps the types only it reads beside it. */
export type Role = 'intake' | 'inspector' | 'head' | 'director' | 'ubnd' | 'supervisor' | 'importer' | 'admin';

export interface Actor {
  id: string;
  role: Role;
  department: string;
  name?: string;
}

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  expiresAt: string;
  user: Actor;
}

export interface CurrentUser {
  user: Actor;
  permissions: string[];
  commands: string[];
}

export interface CatalogKind {
  kind: string;
  name: string;
  family: 'complaint' | 'denunciation' | 'petition';
  version: number;
  initialStage: string;
  stages: Array<{ stage: string; label: string; final: boolean }>;
  commands: Array<{ command: string; label: string; roles: string[] }>;
  clocks: Array<{ clock: string; label: string }>;
}

export interface Catalog {
  kinds: CatalogKind[];
  departments: string[];
  /** Full names of the departments, from the engine's departments file. */
  departmentNames: Record<string, string>;
  /** Inspectors a case of the user's department(s) can be assigned to. */
  inspectors: Array<{ id: string; name: string; department: string }>;
  /** Legal grounds for not accepting a đơn, by case family: code → text with the article. */
  rejectionGrounds: Record<string, Record<string, string>>;
  continueAfterWithdrawalGrounds: Record<string, string>;
}

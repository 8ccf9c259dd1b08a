import type { Schemas } from '../shared/api-types';

/** The API's answers the whole UI shares, generated from the OpenAPI document; each page keeps the ones only it reads beside it. */
export type Actor = Schemas['Actor'];
export type Role = Actor['role'];
export type LoginResult = Schemas['LoginResult'];
export type CurrentUser = Schemas['CurrentUserResponse'];
export type CatalogKind = Schemas['CatalogKind'];
export type Catalog = Schemas['CatalogResponse'];

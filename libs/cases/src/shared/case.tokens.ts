/** Injection tokens of the ports the case use cases depend on. */
export const EVENT_STORE = Symbol('EventStore');
export const WORKFLOW_REGISTRY = Symbol('WorkflowRegistry');
export const WORKING_CALENDAR = Symbol('WorkingCalendar');
/** The CaseIdentityVault: per-case keys of confidential identities. */
export const IDENTITY_VAULT = Symbol('CaseIdentityVault');
/** The users directory (a UserLookup): who may be assigned a case. */
export const USER_LOOKUP = Symbol('UserLookup');

/** The ioredis connection the queries and runners share (runners open their own for WATCH). */
export const READ_MODEL_REDIS = Symbol('ReadModelRedis');
/** ReadModelSettings in force. */
export const READ_MODEL_SETTINGS = Symbol('ReadModelSettings');
/** Projection[]: every read model at the versions of this code. */
export const PROJECTIONS = Symbol('Projections');

/** What a running projection runner says about itself (for `kntc projections status`). */
export interface RunnerHeartbeat {
  runnerId: string;
  host: string;
  pid: number;
  projection: string;
  /** The version of the projection code this runner runs. */
  version: number;
  mode: 'follow' | 'rebuild';
  /** `active`: holds the lease of `build` and writes it; `standby`: waits for it; `obsolete`: a newer version serves. */
  role: 'active' | 'standby' | 'obsolete';
  build?: string;
}

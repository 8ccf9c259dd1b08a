import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, tempDataDir } from './kntc-cli';

const dir = tempDataDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('bin/kntc.js in a checkout that was not built', () => {
  it('says to run npm run build first and exits 1', async () => {
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.copyFileSync(path.join(REPO_ROOT, 'bin', 'kntc.js'), path.join(dir, 'bin', 'kntc.js'));
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, [path.join(dir, 'bin', 'kntc.js'), '--help'], { cwd: dir }, (error, _stdout, stderr) =>
        resolve({ code: error ? (error.code as number) : 0, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('run npm run build first');
  });
});

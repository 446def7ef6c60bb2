import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('README', () => {
  it('carries the permission table the code grants', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    const block = readme.split('<!-- permissions:start -->')[1].split('<!-- permissions:end -->')[0].trim();
    const generated = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'permissions'], { encoding: 'utf8' }).trim();
    expect(block).toBe(generated);
  });
});

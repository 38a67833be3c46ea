// The npm package of a release (npm run release): installed globally offline, with no registry
// and an empty cache, it needs nothing fetched or built, and the installed `ansible-driver` runs a
// plan with the real ansible-playbook. Runs in the executable's pass of `npm test`.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {hasAnsible} from '../helpers/ansible.js';
import {each, sandbox} from '../helpers/cli.js';
import {releaseDir} from '../helpers/driver.js';

describe.skipIf(releaseDir === undefined || !hasAnsible())('the npm package of a release', () => {
	it('installs offline with npm install -g, builds nothing, and its ansible-driver runs a plan', () => {
		const tarball = readdirSync(releaseDir!).find((f) => /^ansible-driver-.*\.tgz$/.test(f));
		expect(tarball).toBeDefined();
		const prefix = mkdtempSync(join(tmpdir(), 'ansible-driver-npm-'));
		const install = spawnSync('npm', ['install', '--global', '--prefix', prefix, '--offline', '--cache', join(prefix, 'empty-cache'), '--registry', 'http://127.0.0.1:9/', '--no-audit', '--no-fund', join(releaseDir!, tarball!)], {encoding: 'utf8'});
		expect(install.status, install.stderr).toBe(0);
		const installed = join(prefix, 'lib', 'node_modules', 'ansible-driver');
		// No dependency came with it (the bundle holds them), and nothing was built on install.
		expect(existsSync(join(installed, 'node_modules'))).toBe(false);
		const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {dependencies?: object; scripts?: Record<string, string>};
		expect(manifest.dependencies ?? {}).toEqual({});
		for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(manifest.scripts?.[hook]).toBeUndefined();
		expect(readdirSync(installed).sort()).toEqual(['dist', 'package.json', 'plans', 'readme.md']);

		const box = sandbox();
		const env = {...box.env, PATH: `${join(prefix, 'bin')}:${process.env['PATH']}`};
		const version = spawnSync('ansible-driver', ['--version'], {env, encoding: 'utf8'});
		expect(version.stdout).toMatch(/^ansible-driver \S+ \(commit [0-9a-f]{12}(-dirty)?, node v\d+/);
		const plan = box.plan('  - playbook: first.yml\n');
		const run = spawnSync('ansible-driver', ['run', plan, '--yes', '--plain', '--state-dir', box.state], {env, encoding: 'utf8', cwd: box.dir});
		expect(run.status, run.stdout + run.stderr).toBe(0);
		expect(each(box, 'first.t1')).toEqual([1, 1, 1]);
		const status = spawnSync('ansible-driver', ['status', '--json', '--state-dir', box.state], {env, encoding: 'utf8', cwd: box.dir});
		expect((JSON.parse(status.stdout) as {run: {status: string}}).run.status).toBe('done');
	});
});

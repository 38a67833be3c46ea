// Which ansible-core runs, end to end with the real ansible-playbook (whichever is first on PATH:
// put another release's bin folder first to check it): preflight's finding and the version the
// callback plugin reports, in `status --json` and in the report; an untested release only warns.
import {spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {beforeAll, expect, it} from 'vitest';
import {which} from '../../source/fs/which.js';
import {describeAnsible} from '../helpers/ansible.js';
import {sandbox, status} from '../helpers/cli.js';
import {findAll, parseXml} from '../osa/helpers.js';
import {osaSandbox} from '../osa/run-helpers.js';

interface AnsibleJson {
	version: string | null;
	source: string;
	program: string | null;
	tested: boolean | null;
}

/** The part of `status --json` these tests read. */
interface StatusWithAnsible {
	run: {ansible: AnsibleJson | null};
	steps: Array<{ansible: AnsibleJson | null}>;
}

const statusWithAnsible = async (box: Parameters<typeof status>[0]) => (await status(box)) as unknown as StatusWithAnsible;

describeAnsible('the ansible-core that runs (real ansible-playbook)', () => {
	let program: string;
	let version: string;

	beforeAll(() => {
		const found = which('ansible-playbook', {cwd: process.cwd(), path: process.env['PATH']});
		if (!found.found) throw new Error('ansible-playbook is not on PATH');
		program = found.path;
		// Read here without the driver's parser: the first line is `ansible-playbook [core X]`.
		const first = spawnSync(program, ['--version'], {encoding: 'utf8'}).stdout.split('\n')[0] ?? '';
		version = /\[core ([^\]]+)\]/.exec(first)?.[1] ?? '';
		expect(version, first).toMatch(/^2\.\d+\.\d+/);
	});

	it('status --json and the report carry the version `ansible-playbook --version` prints: from events for steps that ran, from preflight for the rest', async () => {
		const box = sandbox();
		const r = await box.cli('run', box.plan('  - playbook: first.yml\n  - playbook: fails.yml\n  - playbook: last.yml\n'));
		expect(r.code, r.stdout + r.stderr).toBe(1);
		expect(r.stdout + r.stderr).not.toMatch(/tested releases/);
		const s = await statusWithAnsible(box);
		expect(s.run.ansible).toEqual({version, source: 'command', program, tested: true});
		expect(s.steps.map((x) => x.ansible)).toEqual([
			{version, source: 'events', program: null, tested: true},
			{version, source: 'events', program: null, tested: true},
			{version, source: 'command', program, tested: true},
		]);

		const json = JSON.parse((await box.cli('report', '--format', 'json')).stdout) as {run: {ansible: AnsibleJson}; steps: Array<{ansible: AnsibleJson}>};
		expect(json.run.ansible.version).toBe(version);
		expect(json.steps.map((x) => [x.ansible.version, x.ansible.source])).toEqual([
			[version, 'events'],
			[version, 'events'],
			[version, 'command'],
		]);
		const md = (await box.cli('report')).stdout;
		expect(md).toContain(`- ansible-core: ${version} ran steps 1-2; ${version} for step 3 (preflight: \`${program} --version\`)`);
		const suites = findAll(parseXml((await box.cli('report', '--format', 'junit')).stdout), 'testsuite');
		const property = findAll(suites[0]!, 'property').find((p) => p.attrs['name'] === 'ansible-core');
		expect(property?.attrs['value']).toBe(version);
	});

	it('a release outside the tested range is a warning, not a refusal; the version the step reports wins over the guess', async () => {
		const box = sandbox();
		// An ansible-playbook that claims 2.99.0 to --version and runs the real one otherwise.
		const fakeBin = join(box.dir, 'fake-bin');
		mkdirSync(fakeBin);
		writeFileSync(join(fakeBin, 'ansible-playbook'), `#!/bin/sh\nif [ "$1" = --version ]; then echo 'ansible-playbook [core 2.99.0]'; exit 0; fi\nexec '${program}' "$@"\n`);
		chmodSync(join(fakeBin, 'ansible-playbook'), 0o755);
		box.env['PATH'] = `${fakeBin}:${box.env['PATH'] ?? ''}`;
		const r = await box.cli('run', box.plan('  - playbook: first.yml\n'));
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(r.stderr).toContain(`warning: ansible-core 2.99.0 is newer than the tested releases (2.14 to 2.22) (${join(fakeBin, 'ansible-playbook')} --version); the run is not refused`);
		const s = await statusWithAnsible(box);
		expect(s.run.ansible).toEqual({version: '2.99.0', source: 'command', program: join(fakeBin, 'ansible-playbook'), tested: false});
		expect(s.steps[0]!.ansible).toEqual({version, source: 'events', program: null, tested: true});
	});

	it('through a wrapper (openstack-ansible): preflight asks the ansible-playbook on PATH and says so, never the wrapper', async () => {
		const box = osaSandbox();
		const r = await box.cli('run', box.osaPlan('  - playbook: first.yml\n'));
		expect(r.code, r.stdout + r.stderr).toBe(0);
		const s = await statusWithAnsible(box);
		expect(s.run.ansible).toEqual({version, source: 'path', program, tested: true});
		expect(s.steps[0]!.ansible).toEqual({version, source: 'events', program: null, tested: true});
	});
});

// A sandboxed run through the fake openstack-ansible wrapper: fixtures/runs playbooks, the
// inventory from the wrapper's rc file, a configuration folder, markers beside the plan.
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {runsFixtures, sandbox, type Sandbox} from '../helpers/cli.js';
import {osaFixtures} from './helpers.js';

export interface OsaBox extends Sandbox {
	config: string;
	/** Writes plan.yml (top-level `extra` lines, then the steps) and returns its path. */
	osaPlan(steps: string, extra?: string): string;
}

export function osaSandbox(env: Record<string, string> = {}): OsaBox {
	const box = sandbox();
	const config = join(box.dir, 'openstack_deploy');
	mkdirSync(config);
	writeFileSync(join(config, 'user_variables.yml'), 'driver_test_user_variable: true\n');
	Object.assign(box.env, {PATH: `${osaFixtures}:${box.env['PATH'] ?? '/usr/bin:/bin'}`, OSA_CONFIG_DIR: config, ANSIBLE_NOCOLOR: '1', ...env});
	return {
		...box,
		config,
		osaPlan(steps, extra = '') {
			const path = join(box.dir, 'plan.yml');
			const head = `name: OSA wrapper test\ncwd: ${join(runsFixtures, 'playbooks')}\ncommand: [openstack-ansible]\nenv: {ANSIBLE_FORKS: "5"}\n${extra}`;
			writeFileSync(path, `${head}steps:\n${steps}`);
			return path;
		},
	};
}

export {each, hosts} from '../helpers/cli.js';

// Helpers for tests that run the real ansible-playbook with the ansible_driver callback plugin.
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, it} from 'vitest';

/** Absolute path of the directory holding the callback plugin (source/ansible/callback). */
export const callbackPluginDir = fileURLToPath(new URL('../../source/ansible/callback', import.meta.url));

let ansibleFound: boolean | undefined;
let ansibleVersionLine = '';

/** True when ansible-playbook is on PATH and runs. */
export function hasAnsible(): boolean {
	if (ansibleFound === undefined) {
		const probe = spawnSync('ansible-playbook', ['--version'], {encoding: 'utf8', timeout: 30_000});
		ansibleFound = probe.error === undefined && probe.status === 0;
		ansibleVersionLine = ansibleFound ? (probe.stdout.split('\n')[0] ?? '') : '';
	}

	return ansibleFound;
}

/**
 * The release the test matrix (scripts/test-ansible.sh) put first on PATH, when it did: a suite
 * must not pass on another ansible-playbook found by mistake.
 */
function wrongRelease(): string | undefined {
	const expected = process.env['ANSIBLE_DRIVER_EXPECT_CORE'];
	if (!expected || ansibleVersionLine.includes(`[core ${expected}]`)) return undefined;
	return `ansible-playbook on PATH is "${ansibleVersionLine}", not ansible-core ${expected} (ANSIBLE_DRIVER_EXPECT_CORE)`;
}

type SuiteBody = () => void;

/**
 * A vitest `describe` for suites that need ansible-playbook. Without it the suite is skipped with
 * a visible note, except under CI (`CI=true`), where it fails.
 */
export function describeAnsible(name: string, body: SuiteBody): void {
	if (hasAnsible()) {
		const wrong = wrongRelease();
		if (wrong) {
			describe(name, () => {
				it('runs on the expected ansible-core', () => {
					throw new Error(wrong);
				});
			});
			return;
		}

		describe(name, body);
		return;
	}

	if (process.env['CI'] === 'true') {
		describe(name, () => {
			it('needs ansible-playbook on PATH', () => {
				throw new Error('ansible-playbook is not on PATH, and CI=true: ansible tests must run in CI');
			});
		});
		return;
	}

	console.warn(`[skipped] ${name}: ansible-playbook is not on PATH`);
	describe.skip(name, body);
}

export interface PluginEnvOptions {
	eventsFile: string;
	pauseFile: string;
	pauseMode?: 'task' | 'play' | 'step';
}

/** The environment variables that switch the ansible_driver callback plugin on. */
export function pluginEnv(options: PluginEnvOptions): Record<string, string> {
	const existing = process.env['ANSIBLE_CALLBACK_PLUGINS'];
	const callbackPath = existing ? `${callbackPluginDir}${path.delimiter}${existing}` : callbackPluginDir;
	return {
		ANSIBLE_CALLBACK_PLUGINS: callbackPath,
		ANSIBLE_DRIVER_EVENTS: options.eventsFile,
		ANSIBLE_DRIVER_PAUSE_FILE: options.pauseFile,
		ANSIBLE_DRIVER_PAUSE_MODE: options.pauseMode ?? 'task',
		ANSIBLE_NOCOLOR: '1',
		ANSIBLE_HOST_KEY_CHECKING: 'False',
		ANSIBLE_RETRY_FILES_ENABLED: 'False',
	};
}

/** A line of the events file, typed loosely for assertions. */
export type EventRecord = Record<string, any>;

/**
 * Parses an NDJSON events file. A missing file is no events; a last line without its newline (still
 * being written) is left out; any other bad line throws.
 */
export function readEvents(file: string): EventRecord[] {
	if (!existsSync(file)) {
		return [];
	}

	const lines = readFileSync(file, 'utf8').split('\n');
	lines.pop(); // Empty after the final newline, or a torn line.
	return lines.filter(line => line.trim() !== '').map(line => JSON.parse(line) as EventRecord);
}

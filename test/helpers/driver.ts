// The driver under test. By default the bundle, run by this node, as npm installs it. With
// ANSIBLE_DRIVER_TEST_EXECUTABLE set to the single executable (CI sets it after `npm run
// release`), that executable as an operator runs it on a deploy host: copied as `ansible-driver`
// into a folder outside the repository, which a PATH with no node on it finds; run from a folder
// outside the repository too.
import {chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync} from 'node:fs';
import {spawnSync} from 'node:child_process';
import {tmpdir} from 'node:os';
import {delimiter, dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const cliPath = fileURLToPath(new URL('../../dist/bundle/cli.js', import.meta.url));

const given = process.env['ANSIBLE_DRIVER_TEST_EXECUTABLE'] || undefined;

/** Programs that would let something run JavaScript: none of them on the executable's PATH. */
const nodePrograms = new Set(['node', 'nodejs', 'npm', 'npx', 'corepack']);

/**
 * A folder of links to every program on `path` but node's (the first of a name wins, as on PATH),
 * with the executable beside them as `ansible-driver`.
 */
function nodelessPath(path: string, executable: string): {bin: string; cwd: string} {
	const root = mkdtempSync(join(tmpdir(), 'ansible-driver-host-'));
	const bin = join(root, 'bin');
	mkdirSync(bin);
	copyFileSync(executable, join(bin, 'ansible-driver'));
	chmodSync(join(bin, 'ansible-driver'), 0o755);
	for (const dir of path.split(delimiter)) {
		if (!dir.startsWith('/') || !existsSync(dir)) continue;
		for (const name of readdirSync(dir)) {
			if (nodePrograms.has(name) || existsSync(join(bin, name))) continue;
			symlinkSync(join(dir, name), join(bin, name));
		}
	}
	const check = spawnSync('/bin/sh', ['-c', 'command -v node'], {env: {PATH: bin}, encoding: 'utf8'});
	if (check.status === 0) throw new Error(`node is still reachable on the test PATH: ${check.stdout.trim()}`);
	const cwd = join(root, 'work');
	mkdirSync(cwd);
	return {bin, cwd};
}

const host = given === undefined ? undefined : nodelessPath(process.env['PATH'] ?? '', given);

/** True when the tests drive the single executable. */
export const testingExecutable = host !== undefined;

/** The argv that runs the driver. */
export const driverArgv: string[] = host === undefined ? [process.execPath, cliPath] : [join(host.bin, 'ansible-driver')];

/** Where the driver runs when a test names no folder: the repository's root, or one outside it. */
export const driverCwd: string | undefined = host?.cwd;

/** The driver's environment: the test's, with the PATH without node for the executable. */
export function driverEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
	return host === undefined ? env : {...env, PATH: host.bin};
}

/**
 * How hints name the driver: the bundle as invoked from the repository's root (node, and its path
 * relative to the working directory), or `ansible-driver`, which PATH finds.
 */
export const program = host === undefined ? 'node dist/bundle/cli.js' : 'ansible-driver';

if (host === undefined && !existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first (npm test does)`);

/** The folder the executable under test was built in (release/), holding the npm package too. */
export const releaseDir: string | undefined = given === undefined ? undefined : dirname(given);

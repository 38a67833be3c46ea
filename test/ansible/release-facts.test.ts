// The plugin decides four things by release (docs/handlers.md, "Which release changed what"):
// whether a notification is announced at once or only at the flush, which result object a
// callback gets, which number v2_runner_retry carries, and where a module's traceback is. A probe callback
// (fixtures/release-probe) records what the running ansible-core does and what the plugin's own
// module decided; this test holds the two together, and holds the table in docs/handlers.md to
// what the release was seen to do.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {expect, it} from 'vitest';
import {callbackPluginDir, describeAnsible, readEvents} from '../helpers/ansible.js';
import {ofType, runPlaybook} from '../helpers/plugin-run.js';

const probeDir = fileURLToPath(new URL('../../fixtures/release-probe/', import.meta.url));
const handlersDoc = fileURLToPath(new URL('../../docs/handlers.md', import.meta.url));

interface ProbeLine {
	event: string;
	[key: string]: unknown;
}

async function probeRun(options: {private?: boolean} = {}) {
	const run = await runPlaybook({
		playbook: 'release-probe.yml',
		env: {
			ANSIBLE_CALLBACK_PLUGINS: `${callbackPluginDir}${path.delimiter}${probeDir}`,
			// Beside the run's events file.
			RELEASE_PROBE_OUT: 'probe.ndjson',
			RELEASE_PROBE_PLUGIN: path.join(callbackPluginDir, 'ansible_driver.py'),
			...(options.private ? {RELEASE_PROBE_PRIVATE: '1'} : {}),
		},
	});
	return run;
}

/** The row of docs/handlers.md's release table for this major.minor release, as its cells. */
function documentedRow(version: string): string[] | undefined {
	const minor = version.split('.').slice(0, 2).join('.');
	for (const line of readFileSync(handlersDoc, 'utf8').split('\n')) {
		const cells = line.split('|').slice(1, -1).map(cell => cell.trim());
		if (cells[0] === minor) return cells;
	}

	return undefined;
}

describeAnsible('what the plugin decides per ansible-core release (real ansible-playbook)', () => {
	it('agrees with what this release does, and docs/handlers.md says so', async () => {
		const run = await probeRun();
		expect(run.code, run.output).toBe(0);
		const probe = readEvents(path.join(run.dir, 'probe.ndjson')) as ProbeLine[];
		const hello = probe.find(line => line.event === 'hello');
		expect(hello, run.output).toBeDefined();
		const version = String(hello!['version']);

		// When the handler's notification is announced: before the next task starts, or at the flush.
		const order = probe.map(line => `${line.event}:${String(line['name'] ?? '')}`);
		const notifyAt = order.indexOf('notify:the handler');
		expect(notifyAt, order.join('\n')).toBeGreaterThan(-1);
		const deferred = notifyAt > order.indexOf('task_start:retried task');
		expect(notifyAt < order.indexOf('task_start:next task') || deferred, order.join('\n')).toBe(true);
		expect(hello!['plugin_deferred_notify'], `the plugin's DEFERRED_NOTIFY on ${version}`).toBe(deferred);

		// The result object: public .host/.task/.result or only the private names.
		const ok = probe.find(line => line.event === 'ok');
		const publicNames = Boolean(ok?.['public_names']);
		// The plugin reads whichever the release has without a deprecation warning.
		expect(run.output).not.toMatch(/DEPRECATION WARNING/);

		// v2_runner_retry: the number the release passes, against the plugin's own count.
		const retries = probe.filter(line => line.event === 'retry');
		expect(retries.length, order.join('\n')).toBeGreaterThan(0);
		const given = retries.map(line => Number(line['attempts']));
		const counted = ofType(run.events, 'retry').map(event => Number(event['attempts']));
		expect(counted).toEqual(retries.map((_, index) => index + 1));

		// Where a module that died (a traceback, no answer) leaves its traceback; the plugin's
		// result carries it as `exception` either way.
		const raised = probe.find((line) => line.event === 'raised');
		expect(raised, order.join('\n')).toBeDefined();
		const traceIn = (raised!['keys'] as string[]).includes('exception') ? '`exception` and `module_stderr`' : '`module_stderr` only';
		const pluginRaised = ofType(run.events, 'result').find((event) => event['task']?.['name'] === 'a module that raises' || /RuntimeError/.test(String(event['exception'] ?? '')));
		expect(String(pluginRaised?.['exception'])).toMatch(/RuntimeError: the disk quota is gone\s*$/);

		// With the private names read, does the release warn?
		const privateRun = await probeRun({private: true});
		expect(privateRun.code, privateRun.output).toBe(0);
		const privateWarns = /DEPRECATION WARNING[\s\S]{0,400}_(result|host|task)\b/.test(privateRun.output);

		const seen = [
			version.split('.').slice(0, 2).join('.'),
			deferred ? 'at the flush' : 'at once',
			publicNames ? 'public `.host` `.task` `.result`' : 'private `._host` `._task` `._result` only',
			privateWarns ? 'yes' : 'no',
			`${given.join(', ')} (${retries.length + 1} attempts)`,
			traceIn,
		];
		console.log(`ansible-core ${version}: ${seen.slice(1).join(' | ')}`);
		expect(documentedRow(version), `docs/handlers.md has no row for ${seen[0]}; seen: | ${seen.join(' | ')} |`).toEqual(seen);
	});
});

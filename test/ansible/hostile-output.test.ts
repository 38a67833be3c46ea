// Host output the plugin cannot trust to be text: bytes that are not UTF-8 must neither lose a
// result nor stop a pause from landing.
import {readFileSync, statSync} from 'node:fs';
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {hasTaskStart, ofType, pauseWhen, resultsOf, runPlaybook} from '../helpers/plugin-run.js';

// 2.19 and later refuse a module response that is not UTF-8 unless this setting is off, as an
// operator may have it; older releases take it as it is.
const env = {ANSIBLE_MODULE_STRICT_UTF8_RESPONSE: 'False'};

describeAnsible('non-UTF-8 host output (real ansible-playbook)', () => {
	it('a failure whose stderr holds \\377 is recorded, with the byte replaced', async () => {
		const run = await runPlaybook({playbook: 'bad-bytes.yml', env});
		expect(run.code, run.output).toBe(2);
		expect(readFileSync(run.eventsFile, 'utf8')).not.toContain('\uFFFD\uFFFD\uFFFD');
		expect(resultsOf(run.events, 'fails with bad bytes')).toEqual({h1: 'changed', h2: 'failed', h3: 'changed'});
		const failed = ofType(run.events, 'result').find(event => event['status'] === 'failed');
		expect(failed?.['stderr']).toBe('oops\uFFFD');
		expect(ofType(run.events, 'stats')).toHaveLength(1);
		// The events file is private like the rest of the run directory.
		expect(statSync(run.eventsFile).mode & 0o777).toBe(0o600);
	});

	it('a pause lands before a task whose name, templated from host output, holds \\377', async () => {
		const run = await runPlaybook({
			playbook: 'bad-bytes.yml',
			env,
			extraVars: {slow: 1},
			watch: pauseWhen(events => ofType(events, 'task_start').some(event => String(event['task']['name']).startsWith('slow bad'))),
		});
		expect(run.code, run.output).toBe(75);
		for (const host of ['h1', 'h2', 'h3']) {
			expect(run.ran(host, 'task1')).toBe(true);
			expect(run.ran(host, 'task2'), `${host} must not start the next task`).toBe(false);
		}

		const paused = run.events.at(-1);
		expect(paused?.['type']).toBe('paused');
		expect(String(paused?.['task']['name'])).toMatch(/^next bad.+name$/);
		expect(hasTaskStart(run.events, 'fails with bad bytes')).toBe(false);
	});
});

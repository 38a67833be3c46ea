// Integration tests of the ansible_driver callback plugin: each test runs the real
// ansible-playbook on a local 3-host inventory and checks the events file, the exit code and the
// marker files the tasks wrote (what really ran).
import {existsSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {allHosts, hasTaskStart, hosts, ofType, pauseWhen, resultsOf, runPlaybook, taskIdByName} from '../helpers/plugin-run.js';

describeAnsible('ansible_driver callback plugin (real ansible-playbook)', () => {
	it('records a full run: every record type and result status, exit 0', async () => {
		const run = await runPlaybook({playbook: 'full.yml'});
		expect(run.code, run.output).toBe(0);
		// Nothing of the plugin's own reaches ansible's output: no warning, deprecation or traceback.
		expect(run.output).not.toMatch(/ansible_driver|DEPRECATION|Traceback|callback plugin/i);
		const {events} = run;

		for (const event of events) {
			expect(event['v']).toBe(1);
			expect(typeof event['t']).toBe('number');
		}

		const hello = events[0];
		expect(hello?.['type']).toBe('hello');
		expect(hello?.['ansible_version']).toMatch(/^2\./);
		expect(hello?.['pause_mode']).toBe('task');
		expect(typeof hello?.['pid']).toBe('number');
		expect(events[1]?.['type']).toBe('playbook_start');
		expect(events[1]?.['playbook']).toContain('full.yml');

		const plays = ofType(events, 'play_start');
		expect(plays).toHaveLength(1);
		expect(plays[0]?.['play']).toMatchObject({name: 'Full run', strategy: 'linear'});
		expect(plays[0]?.['hosts']).toEqual(hosts);
		// Each host's inventory groups, without all and ungrouped (any order).
		const groups = plays[0]?.['host_groups'] as Record<string, string[]>;
		expect(Object.fromEntries(Object.entries(groups).map(([h, g]) => [h, [...g].sort()]))).toEqual({h1: ['galera_all', 'nodes'], h2: ['galera_all', 'nodes'], h3: ['nodes']});

		const firstTask = ofType(events, 'task_start')[0];
		expect(firstTask?.['task']).toMatchObject({name: 'ok task', role: null, action: 'ansible.builtin.debug', handler: false});
		expect(firstTask?.['task']['path']).toMatch(/full\.yml:\d+$/);

		expect(resultsOf(events, 'ok task')).toEqual(allHosts('ok'));
		expect(resultsOf(events, 'changed task')).toEqual(allHosts('changed'));
		expect(resultsOf(events, 'skipped task')).toEqual(allHosts('skipped'));
		expect(resultsOf(events, 'ignored task')).toEqual(allHosts('ignored'));
		expect(resultsOf(events, 'rescued task')).toEqual(allHosts('rescued'));
		expect(resultsOf(events, 'rescue task')).toEqual(allHosts('ok'));
		expect(resultsOf(events, 'retry task')).toEqual({h1: 'changed', h2: 'skipped', h3: 'skipped'});

		const ignored = ofType(events, 'result').find(event => event['status'] === 'ignored');
		expect(ignored).toMatchObject({rc: 1});
		// 2.22 says "The command exited with a non-zero return code."
		expect(String(ignored?.['msg'])).toMatch(/non-zero return code/);
		expect(ignored?.['duration']).toBeGreaterThan(0);

		const loopId = taskIdByName(events, 'loop task');
		const items = ofType(events, 'item').filter(event => event['task_id'] === loopId && event['host'] === 'h1');
		expect(items.map(event => [event['item'], event['status']])).toEqual([
			['a', 'ok'],
			['b', 'changed'],
			['c', 'failed'],
		]);
		expect(resultsOf(events, 'loop task')).toEqual(allHosts('ignored'));

		const retries = ofType(events, 'retry');
		expect(retries).toHaveLength(1);
		expect(retries[0]).toMatchObject({host: 'h1', attempts: 1, task_id: taskIdByName(events, 'retry task')});

		const handlerStart = ofType(events, 'task_start').find(event => event['task']['handler'] === true);
		expect(handlerStart?.['task']['name']).toBe('the handler');
		const notifies = ofType(events, 'notify');
		expect(notifies.map(event => event['host']).sort()).toEqual(hosts);
		for (const notify of notifies) {
			expect(notify).toMatchObject({handler_id: handlerStart?.['task']['id'], handler_name: 'the handler'});
		}

		expect(resultsOf(events, 'the handler')).toEqual(allHosts('changed'));
		expect(ofType(events, 'host_start').length).toBe(ofType(events, 'result').length);

		const stats = events.at(-1);
		expect(stats?.['type']).toBe('stats');
		expect(stats?.['hosts']['h1']).toEqual({ok: 7, changed: 5, failures: 0, unreachable: 0, skipped: 1, rescued: 1, ignored: 2});
		expect(ofType(events, 'paused')).toHaveLength(0);
		expect(ofType(events, 'pause_wait')).toHaveLength(0);
		for (const host of hosts) {
			expect(run.ran(host, 'handler')).toBe(true);
		}
	});

	it("keeps a module's traceback as the result's exception (its last lines)", async () => {
		const run = await runPlaybook({playbook: 'raises.yml'});
		expect(run.code, run.output).toBe(2);
		const failed = ofType(run.events, 'result').find((event) => event['status'] === 'failed');
		expect(failed?.['host']).toBe('h2');
		expect(String(failed?.['exception'])).toMatch(/RuntimeError: the disk quota is gone\s*$/);
	});

	it('keeps the end of a long stderr and names it cut; a short stdout whole', async () => {
		const run = await runPlaybook({playbook: 'long-output.yml'});
		expect(run.code, run.output).toBe(2);
		const failed = ofType(run.events, 'result').find((event) => event['status'] === 'failed');
		expect(failed?.['host']).toBe('h2');
		expect(String(failed?.['stderr'])).toHaveLength(4000);
		expect(String(failed?.['stderr'])).toMatch(/line 60: applying migration step 60 of sixty to table users_archive_60\s*$/);
		expect(failed?.['cut']).toEqual(['stderr']);
		expect(failed?.['stdout']).toBe('short');
		const ok = ofType(run.events, 'result').find((event) => event['host'] === 'h1');
		expect(ok?.['cut']).toBeUndefined();
	});

	it('pauses after a slow task finished on every host, before the next task', async () => {
		const run = await runPlaybook({
			playbook: 'slow.yml',
			extraVars: {slow: 2},
			watch: pauseWhen((events) => hasTaskStart(events, 'task2 slow')),
		});
		expect(run.code, run.output).toBe(75);
		expect(run.groupGone).toBe(true);
		for (const host of hosts) {
			expect(run.ran(host, 'task2'), `${host} finished task2`).toBe(true);
			expect(run.ran(host, 'task3'), `${host} did not run task3`).toBe(false);
		}

		const {events} = run;
		const last = events.at(-1);
		expect(last?.['type']).toBe('paused');
		expect(last?.['reason']).toBe('task');
		expect(last?.['task']).toMatchObject({name: 'task3', handler: false});
		expect(last?.['play']).toMatchObject({name: 'Slow play'});
		expect(resultsOf(events, 'task2 slow')).toEqual(allHosts('changed'));
		expect(ofType(events, 'host_start').filter(event => event['task_id'] === last?.['task']['id'])).toHaveLength(0);
		expect(ofType(events, 'stats')).toHaveLength(0);
		expect(ofType(events, 'pause_wait')).toHaveLength(0);
	});

	it('waits for a pending handler before pausing', async () => {
		const run = await runPlaybook({
			playbook: 'handler.yml',
			watch: pauseWhen((events) => hasTaskStart(events, 'task1 notifies')),
		});
		expect(run.code, run.output).toBe(75);
		expect(run.groupGone).toBe(true);
		for (const host of hosts) {
			expect(run.ran(host, 'task2')).toBe(true);
			expect(run.ran(host, 'handler'), `${host} ran the handler`).toBe(true);
			expect(run.ran(host, 'task3')).toBe(false);
			expect(run.ran(host, 'task4')).toBe(false);
		}

		const {events} = run;
		const waits = ofType(events, 'pause_wait');
		expect(waits).toHaveLength(1);
		expect(waits[0]).toMatchObject({reason: 'handler', task: {name: 'task2'}});
		expect(waits[0]?.['detail']).toContain('restart thing');

		const paused = events.at(-1);
		expect(paused).toMatchObject({type: 'paused', reason: 'task', task: {name: 'task3'}});
		expect(resultsOf(events, 'restart thing')).toEqual(allHosts('changed'));
		// The explicit flush_handlers meta task is reported once, not once per host.
		expect(ofType(events, 'task_start').filter(event => event['task']['name'] === 'flush')).toHaveLength(1);
	});

	it('mode play: a pause in serial batch 1 stops at the start of batch 2', async () => {
		const run = await runPlaybook({
			playbook: 'serial.yml',
			pauseMode: 'play',
			watch: pauseWhen((_events, runDir) => existsSync(path.join(runDir.dir, 'h1.task1-start'))),
		});
		expect(run.code, run.output).toBe(75);
		expect(run.groupGone).toBe(true);
		for (const marker of ['task1', 'task2', 'task3']) {
			expect(run.ran('h1', marker), `h1 ran ${marker}`).toBe(true);
		}

		const markers = readdirSync(run.dir).filter(name => name.startsWith('h2.') || name.startsWith('h3.'));
		expect(markers).toEqual([]);

		const {events} = run;
		expect(events[0]?.['pause_mode']).toBe('play');
		expect(ofType(events, 'play_start').map(event => event['hosts'])).toEqual([['h1'], ['h2']]);
		// Groups go once per host: each batch names its own host's.
		expect(ofType(events, 'play_start').map(event => Object.keys(event['host_groups'] ?? {}))).toEqual([['h1'], ['h2']]);
		expect(ofType(events, 'pause_wait')).toEqual([
			expect.objectContaining({reason: 'play_boundary', task: expect.objectContaining({name: 'task2'})}),
		]);
		const paused = events.at(-1);
		expect(paused).toMatchObject({type: 'paused', reason: 'play', task: null, play: {name: 'Serial play', serial: [1]}});
		expect(events.at(-2)?.['type']).toBe('play_start');
	});

	it('mode task in a free-strategy play: waits for the next play start', async () => {
		const run = await runPlaybook({
			playbook: 'free.yml',
			watch: pauseWhen((_events, runDir) => existsSync(path.join(runDir.dir, 'h1.task1-start'))),
		});
		expect(run.code, run.output).toBe(75);
		expect(run.groupGone).toBe(true);
		for (const host of hosts) {
			expect(run.ran(host, 'task2')).toBe(true);
			expect(run.ran(host, 'task3')).toBe(false);
		}

		const waits = ofType(run.events, 'pause_wait');
		expect(waits).toHaveLength(1);
		expect(waits[0]).toMatchObject({reason: 'strategy'});
		expect(run.events.at(-1)).toMatchObject({type: 'paused', reason: 'play', task: null, play: {name: 'Linear play'}});
	});

	it('mode step: never pauses, runs to the end with the pause file present', async () => {
		const run = await runPlaybook({playbook: 'slow.yml', pauseMode: 'step', pauseBefore: true, extraVars: {slow: 0}});
		expect(run.code, run.output).toBe(0);
		expect(existsSync(run.pauseFile)).toBe(true);
		for (const host of hosts) {
			expect(run.ran(host, 'task3')).toBe(true);
		}

		expect(run.events[0]).toMatchObject({type: 'hello', pause_mode: 'step'});
		expect(ofType(run.events, 'paused')).toHaveLength(0);
		expect(ofType(run.events, 'pause_wait')).toHaveLength(0);
		expect(run.events.at(-1)?.['type']).toBe('stats');
	});

	it('removing the pause file before a safe point cancels the pause', async () => {
		let requested = false;
		let cancelled = false;
		const run = await runPlaybook({
			playbook: 'handler.yml',
			extraVars: {task2_sleep: 2},
			watch(events, runDir) {
				if (!requested && hasTaskStart(events, 'task1 notifies')) {
					requested = true;
					runDir.requestPause();
				}

				if (requested && !cancelled && ofType(events, 'pause_wait').length > 0) {
					cancelled = true;
					runDir.cancelPause();
				}
			},
		});
		expect(cancelled).toBe(true);
		expect(run.code, run.output).toBe(0);
		for (const host of hosts) {
			expect(run.ran(host, 'handler')).toBe(true);
			expect(run.ran(host, 'task4')).toBe(true);
		}

		expect(ofType(run.events, 'pause_wait')).toHaveLength(1);
		expect(ofType(run.events, 'paused')).toHaveLength(0);
		expect(run.events.at(-1)?.['type']).toBe('stats');
	});

	it('without ANSIBLE_DRIVER_EVENTS the loaded plugin writes nothing and never pauses', async () => {
		const run = await runPlaybook({
			playbook: 'slow.yml',
			noEvents: true,
			pauseBefore: true,
			extraVars: {slow: 0},
			extraArgs: ['-vvvv'],
		});
		expect(run.code, run.output).toBe(0);
		expect(run.output).toContain('Loading callback plugin ansible_driver of type notification');
		expect(existsSync(run.eventsFile)).toBe(false);
		expect(readdirSync(run.dir).filter(name => name.endsWith('.ndjson'))).toEqual([]);
		expect(run.output).not.toMatch(/\[WARNING\]|Failure using method/);
		expect(run.output).toMatch(/PLAY RECAP/);
		for (const host of hosts) {
			expect(run.ran(host, 'task3')).toBe(true);
		}
	});
});

// A pause never lands between a notification and its handler, on every ansible-core release:
// 2.14 announces a notification at once (v2_playbook_on_notify); 2.15 and later save it in the
// play iterator and announce it only at the flush (docs/handlers.md). Each test asks for a pause
// while a notification is pending and checks, in the marker files the tasks wrote, that the
// handler ran on every notified host and that nothing after the safe point started.
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {allHosts, hasTaskStart, hosts, ofType, pauseWhen, resultsOf, runPlaybook} from '../helpers/plugin-run.js';

const whenStarted = (name: string) => pauseWhen(events => hasTaskStart(events, name));

describeAnsible('pending handlers hold a pause (real ansible-playbook)', () => {
	it('a changed loop item: the handler runs at the end of the play, the pause lands at the next play', async () => {
		const run = await runPlaybook({playbook: 'handler-loop.yml', watch: whenStarted('task1 notifies')});
		expect(run.code, run.output).toBe(75);
		for (const host of hosts) {
			expect(run.ran(host, 'task2'), `${host} task2`).toBe(true);
			expect(run.ran(host, 'handler'), `${host} ran the handler`).toBe(true);
			expect(run.ran(host, 'task4')).toBe(false);
		}

		expect(ofType(run.events, 'pause_wait')[0]).toMatchObject({reason: 'handler'});
		expect(run.events.at(-1)).toMatchObject({type: 'paused', reason: 'play', play: {name: 'Second play'}});
	});

	it('a listen topic answered by two handlers: both run before the pause', async () => {
		const run = await runPlaybook({playbook: 'handler-listen.yml', watch: whenStarted('task1 notifies')});
		expect(run.code, run.output).toBe(75);
		for (const host of hosts) {
			expect(run.ran(host, 'handler'), `${host} ran restart one`).toBe(true);
			expect(run.ran(host, 'handler2'), `${host} ran restart two`).toBe(true);
			expect(run.ran(host, 'task3')).toBe(false);
		}

		expect(run.events.at(-1)).toMatchObject({type: 'paused', reason: 'task', task: {name: 'task3'}});
	});

	it("a role's handler runs at the end of the play, before the pause", async () => {
		const run = await runPlaybook({playbook: 'handler-role.yml', watch: whenStarted('restarter : role task notifies')});
		expect(run.code, run.output).toBe(75);
		for (const host of hosts) {
			expect(run.ran(host, 'task3')).toBe(true);
			expect(run.ran(host, 'handler'), `${host} ran the role's handler`).toBe(true);
			expect(run.ran(host, 'task4')).toBe(false);
		}

		expect(ofType(run.events, 'pause_wait')[0]).toMatchObject({reason: 'handler', task: {name: 'task3'}});
		expect(run.events.at(-1)).toMatchObject({type: 'paused', reason: 'play', play: {name: 'Second play'}});
	});

	it('a handler that notifies a handler: a pause asked meanwhile waits for the second one', async () => {
		const run = await runPlaybook({playbook: 'handler-chain.yml', watch: whenStarted('first handler')});
		expect(run.code, run.output).toBe(75);
		for (const host of hosts) {
			expect(run.ran(host, 'handler'), `${host} ran the first handler`).toBe(true);
			expect(run.ran(host, 'handler2'), `${host} ran the second handler`).toBe(true);
			expect(run.ran(host, 'task3')).toBe(false);
		}

		expect(resultsOf(run.events, 'second handler')).toEqual(allHosts('changed'));
		expect(run.events.at(-1)).toMatchObject({type: 'paused', reason: 'task', task: {name: 'task3'}});
	});

	it('serial batches: batch 1 runs its handlers, the pause lands at the start of batch 2', async () => {
		const run = await runPlaybook({playbook: 'handler-serial.yml', watch: whenStarted('task1 notifies')});
		expect(run.code, run.output).toBe(75);
		for (const host of ['h1', 'h2']) {
			expect(run.ran(host, 'task2'), `${host} task2`).toBe(true);
			expect(run.ran(host, 'handler'), `${host} ran the handler`).toBe(true);
		}

		expect(run.ran('h3', 'task1')).toBe(false);
		expect(run.events.at(-1)).toMatchObject({type: 'paused', reason: 'play'});
		expect(run.events.at(-1)?.['play']).toMatchObject({name: 'Serial play'});
	});

	it('force_handlers: the host that failed after its notification still runs the handler first', async () => {
		const run = await runPlaybook({playbook: 'handler-force.yml', watch: whenStarted('task1 notifies')});
		expect(run.code, run.output).toBe(75);
		expect(resultsOf(run.events, 'task2 fails on h2')).toMatchObject({h2: 'failed'});
		for (const host of hosts) {
			expect(run.ran(host, 'handler'), `${host} ran the handler`).toBe(true);
			expect(run.ran(host, 'task4')).toBe(false);
		}

		expect(run.ran('h1', 'task3')).toBe(true);
		expect(run.ran('h2', 'task3')).toBe(false);
		expect(run.events.at(-1)).toMatchObject({type: 'paused', reason: 'play', play: {name: 'Second play'}});
	});

	it('a notify on a task that did not change holds nothing: the pause lands at the next task', async () => {
		const run = await runPlaybook({playbook: 'handler-unchanged.yml', watch: whenStarted('task1 notifies')});
		expect(run.code, run.output).toBe(75);
		for (const host of hosts) {
			expect(run.ran(host, 'task1')).toBe(true);
			expect(run.ran(host, 'task2')).toBe(false);
			expect(run.ran(host, 'handler')).toBe(false);
		}

		expect(ofType(run.events, 'pause_wait')).toHaveLength(0);
		expect(run.events.at(-1)).toMatchObject({type: 'paused', reason: 'task', task: {name: 'task2'}});
	});
});

import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import type {DriverEvent} from '../../source/ansible/events.js';
import {EventLineReader} from '../../source/ansible/parse.js';
import type {Plan, PlanStep} from '../../source/plan/types.js';
import {
	decideOutcome,
	exitCodeFor,
	hasChanges,
	isComplete,
	newRunState,
	nextStepIndex,
	reconcilePlan,
	resetSteps,
	runStatusFor,
	startAttempt,
	updateStep,
	type ExitFact,
	type OutcomeInput,
} from '../../source/run/machine.js';
import {applyEvent, newSummary, type AttemptSummary} from '../../source/run/summary.js';
import type {Attempt, RunState, StepStatus} from '../../source/run/types.js';

const EVENTS = fileURLToPath(new URL('../../fixtures/events/', import.meta.url));

function recorded(name: string): DriverEvent[] {
	const reader = new EventLineReader();
	return [...reader.push(readFileSync(`${EVENTS}${name}`, 'utf8')), ...reader.end()];
}

function summaryOf(events: DriverEvent[]): AttemptSummary {
	const s = newSummary();
	for (const e of events) applyEvent(s, e);
	return s;
}

/** A whole clean run: hello ... stats, no failures. */
const cleanRun = () => summaryOf(recorded('first.ndjson'));
/** The same run cut short: every event but the recap (what TaskQueueManager.terminate() leaves). */
const cutRun = () => summaryOf(recorded('first.ndjson').slice(0, -1));
/** A whole run whose recap has a failed host. */
const failedRun = () => summaryOf(recorded('fails.ndjson'));
/** A run stopped by the plugin at a safe point. */
function pausedRun(): AttemptSummary {
	const events = recorded('first.ndjson');
	const secondTask = events.findIndex((e, i) => i > 3 && e.type === 'task_start');
	const next = events[secondTask] as Extract<DriverEvent, {type: 'task_start'}>;
	return summaryOf([...events.slice(0, secondTask), {type: 'paused', t: next.t, reason: 'task', task: next.task, play: null}]);
}
/** No hello: the plugin did not load, so nothing at all was recorded. */
const noEvents = () => newSummary();

const exited = (code: number): ExitFact => ({code, signal: null});
const killed = (signal: string): ExitFact => ({code: null, signal});

function decide(partial: Partial<OutcomeInput> & Pick<OutcomeInput, 'summary' | 'exit'>) {
	return decideOutcome({kind: 'playbook', abortRequested: false, ...partial});
}

function step(id: string, hash = `hash-${id}`): PlanStep {
	return {
		id,
		name: `Step ${id}`,
		kind: 'playbook',
		playbook: `/srv/project/playbooks/${id}.yml`,
		argv: ['ansible-playbook', '-i', '/srv/project/inventory.ini', `/srv/project/playbooks/${id}.yml`],
		cwd: '/srv/project',
		env: {},
		pause: 'task',
		hash,
	};
}

function plan(steps: PlanStep[], hash = steps.map((s) => s.hash).join('+')): Plan {
	return {name: 'Upgrade', path: '/srv/project/plan.yml', cwd: '/srv/project', command: ['ansible-playbook'], env: {}, steps, hash};
}

function withStatuses(state: RunState, statuses: StepStatus[]): RunState {
	return statuses.reduce((s, status, i) => updateStep(s, i, {status, attempts: 1, reason: `was ${status}`}), state);
}

const attempt = (n: number): Attempt => ({
	n,
	pid: 4242,
	pidStart: 99,
	startedAt: '2026-01-01T00:00:00.000Z',
	endedAt: null,
	exitCode: null,
	signal: null,
	eventsFile: `/tmp/out/a${n}.ndjson`,
	logFile: `/tmp/out/a${n}.log`,
	extraArgs: [],
});

describe('decideOutcome for playbook steps', () => {
	it('a paused record means paused, whatever the exit (75); an abort asked for meanwhile wins (the latest intent)', () => {
		expect(decide({summary: pausedRun(), exit: exited(75)})).toEqual({status: 'paused', reason: 'paused before task "first task two"'});
		expect(decide({summary: pausedRun(), exit: exited(75), abortRequested: true}).status).toBe('aborted');
	});

	it('a command step is judged by its exit code even when a playbook inside it paused', () => {
		expect(decide({kind: 'command', summary: pausedRun(), exit: exited(0)}).status).toBe('done');
	});

	it('a pause at a play boundary names the play', () => {
		const s = summaryOf([...recorded('rolling.ndjson').slice(0, 3), {type: 'paused', t: 1, reason: 'play', task: null, play: null}]);
		expect(decide({summary: s, exit: exited(75)})).toEqual({status: 'paused', reason: 'paused at the start of play "Rolling"'});
	});

	it('exit 0 with a recap and no failed host is done', () => {
		expect(decide({summary: cleanRun(), exit: exited(0)})).toEqual({status: 'done', reason: 'exited 0 after its recap'});
	});

	it('exit 0 WITHOUT the recap is interrupted, never done (terminate() exits 0 without stats)', () => {
		const outcome = decide({summary: cutRun(), exit: exited(0)});
		expect(outcome.status).toBe('interrupted');
		expect(outcome.reason).toContain('never reached its recap');
	});

	it('a recap with a failed host is failed even with exit 0', () => {
		expect(decide({summary: failedRun(), exit: exited(0)})).toEqual({status: 'failed', reason: '1 host failed or unreachable'});
	});

	it('exit 2 with a recap is failed: with its failed host, and also when the recap shows none', () => {
		expect(decide({summary: failedRun(), exit: exited(2)})).toEqual({status: 'failed', reason: '1 host failed or unreachable'});
		expect(decide({summary: cleanRun(), exit: exited(2)})).toEqual({status: 'failed', reason: 'exited 2 after its recap'});
	});

	it('exit 2 (or 4) before the recap is failed', () => {
		expect(decide({summary: cutRun(), exit: exited(2)})).toEqual({status: 'failed', reason: 'exited 2 before its recap'});
		expect(decide({summary: cutRun(), exit: exited(4)}).status).toBe('failed');
	});

	it('killed by SIGKILL before the recap is interrupted', () => {
		expect(decide({summary: cutRun(), exit: killed('SIGKILL')})).toEqual({status: 'interrupted', reason: 'was killed by SIGKILL before its recap'});
	});

	it('exit 99 (user interrupted execution) is interrupted', () => {
		expect(decide({summary: cutRun(), exit: exited(99)})).toEqual({status: 'interrupted', reason: 'exited 99 before its recap'});
	});

	it('an abort requested while it ran is aborted, with or without events, killed or exited', () => {
		expect(decide({summary: cutRun(), exit: killed('SIGINT'), abortRequested: true})).toEqual({
			status: 'aborted',
			reason: 'aborted by the operator (was killed by SIGINT)',
		});
		expect(decide({summary: cutRun(), exit: exited(99), abortRequested: true}).status).toBe('aborted');
		// terminate()-like clean exit without recap while aborting: still aborted, not done.
		expect(decide({summary: cutRun(), exit: exited(0), abortRequested: true}).status).toBe('aborted');
		expect(decide({summary: noEvents(), exit: exited(0), abortRequested: true}).status).toBe('aborted');
		expect(decide({summary: cutRun(), exit: null, abortRequested: true})).toEqual({status: 'aborted', reason: 'aborted by the operator'});
	});

	it('an abort is never judged done, not even after a clean recap and exit 0 (2.19 exits 0 when SIGINT lands after its recap)', () => {
		expect(decide({summary: cleanRun(), exit: exited(0), abortRequested: true})).toEqual({
			status: 'aborted',
			reason: 'aborted by the operator (exited 0 after its recap)',
		});
		expect(decide({summary: cleanRun(), exit: null, abortRequested: true}).status).toBe('aborted');
	});

	it('adopted (exit unknown): a clean recap is done, a failed recap is failed, no recap is interrupted', () => {
		expect(decide({summary: cleanRun(), exit: null})).toEqual({status: 'done', reason: 'reached its recap'});
		expect(decide({summary: failedRun(), exit: null}).status).toBe('failed');
		expect(decide({summary: cutRun(), exit: null})).toEqual({status: 'interrupted', reason: 'ended without its recap while the driver was away'});
		expect(decide({summary: noEvents(), exit: null}).status).toBe('interrupted');
	});

	it('without hello (the plugin did not load) it is decided by the exit code, and the reason says so', () => {
		const why = '(no events: the callback plugin did not load, so only the exit code is known)';
		expect(decide({summary: noEvents(), exit: exited(0)})).toEqual({status: 'done', reason: `exited 0 ${why}`});
		expect(decide({summary: noEvents(), exit: exited(2)})).toEqual({status: 'failed', reason: `exited 2 ${why}`});
		expect(decide({summary: noEvents(), exit: killed('SIGTERM')})).toEqual({status: 'interrupted', reason: `was killed by SIGTERM ${why}`});
		expect(decide({summary: noEvents(), exit: exited(99)}).status).toBe('interrupted');
	});

	it('without hello and without a play in its log, it stopped before the plugin would have loaded: the reason does not blame the plugin', () => {
		expect(decide({summary: noEvents(), exit: null, playsStarted: false})).toEqual({
			status: 'interrupted',
			reason: 'ended while the driver was away, before its first play (no events and no play in its log)',
		});
		expect(decide({summary: noEvents(), exit: exited(4), playsStarted: false})).toEqual({
			status: 'failed',
			reason: 'exited 4 (no events, and no play in its log)',
		});
	});
});

describe('decideOutcome for command steps', () => {
	const command = (exit: ExitFact | null, abortRequested = false) => decideOutcome({kind: 'command', exit, summary: newSummary(), abortRequested});

	it('are decided by their exit code alone: 0 done, other codes failed, signals interrupted, unknown interrupted', () => {
		expect(command(exited(0))).toEqual({status: 'done', reason: 'exited 0'});
		expect(command(exited(1))).toEqual({status: 'failed', reason: 'exited 1'});
		expect(command(killed('SIGKILL'))).toEqual({status: 'interrupted', reason: 'was killed by SIGKILL'});
		expect(command(null).status).toBe('interrupted');
	});

	it('an abort is aborted, even when the command exited 0', () => {
		expect(command(killed('SIGINT'), true).status).toBe('aborted');
		expect(command(exited(0), true)).toEqual({status: 'aborted', reason: 'aborted by the operator (exited 0)'});
	});
});

describe('run status and exit codes', () => {
	it('runStatusFor maps each outcome to the run status and the CLI exit code of DESIGN.md', () => {
		expect(runStatusFor('paused')).toEqual({status: 'paused', exitCode: 3});
		expect(runStatusFor('aborted')).toEqual({status: 'aborted', exitCode: 4});
		expect(runStatusFor('failed')).toEqual({status: 'failed', exitCode: 1});
		expect(runStatusFor('interrupted')).toEqual({status: 'failed', exitCode: 1});
		expect(runStatusFor('done')).toEqual({status: 'running', exitCode: 0});
	});

	it('exitCodeFor: done 0, failed 1, paused 3, aborted 4', () => {
		expect(['done', 'failed', 'paused', 'aborted', 'idle'].map((s) => exitCodeFor(s as RunState['run']['status']))).toEqual([0, 1, 3, 4, 0]);
	});
});

describe('newRunState and step progress', () => {
	it('starts idle with every step pending, named and hashed as in the plan', () => {
		const state = newRunState(plan([step('a'), step('b')]));
		expect(state.run).toEqual({status: 'idle', pid: null, startedAt: null, updatedAt: null, waitingFor: null});
		expect(state.plan).toEqual({name: 'Upgrade', path: '/srv/project/plan.yml', hash: 'hash-a+hash-b', builtin: null});
		expect(state.steps.map((s) => [s.id, s.name, s.hash, s.status, s.attempts])).toEqual([
			['a', 'Step a', 'hash-a', 'pending', 0],
			['b', 'Step b', 'hash-b', 'pending', 0],
		]);
	});

	it('nextStepIndex skips done and skipped steps; isComplete once none is left', () => {
		const state = newRunState(plan([step('a'), step('b'), step('c'), step('d')]));
		expect(nextStepIndex(withStatuses(state, ['done', 'skipped', 'failed', 'pending']))).toBe(2);
		expect(nextStepIndex(withStatuses(state, ['done', 'done', 'done', 'paused']))).toBe(3);
		expect(nextStepIndex(withStatuses(state, ['done', 'interrupted']))).toBe(1);
		const finished = withStatuses(state, ['done', 'skipped', 'done', 'done']);
		expect(nextStepIndex(finished)).toBe(-1);
		expect(isComplete(finished)).toBe(true);
		expect(isComplete(state)).toBe(false);
	});

	it('startAttempt marks the step running with a fresh attempt and clears the last outcome', () => {
		let state = newRunState(plan([step('a')]));
		state = updateStep(state, 0, {status: 'failed', reason: 'exited 2', problems: [{host: 'h2', task: 't', status: 'failed', msg: 'm'}], eventsSeen: true});
		const next = startAttempt(state, 0, attempt(2), '2026-01-01T00:00:00.000Z');
		expect(next.steps[0]).toMatchObject({status: 'running', attempts: 2, startedAt: '2026-01-01T00:00:00.000Z', reason: null, problems: [], eventsSeen: null});
		expect(next.steps[0]?.attempt?.n).toBe(2);
		expect(state.steps[0]?.status).toBe('failed');
	});

	it('startAttempt on a step that is still running (adopting it) keeps what was known of its events', () => {
		let state = newRunState(plan([step('a')]));
		state = startAttempt(state, 0, attempt(1), '2026-01-01T00:00:00.000Z');
		state = updateStep(state, 0, {eventsSeen: true});
		expect(startAttempt(state, 0, attempt(1), '2026-01-01T00:01:00.000Z').steps[0]?.eventsSeen).toBe(true);
	});
});

describe('reconcilePlan', () => {
	const before = () => withStatuses(newRunState(plan([step('a'), step('b'), step('c')])), ['done', 'done', 'failed']);

	it('an unchanged plan keeps every status and reports no change', () => {
		const state = before();
		const {state: next, changes} = reconcilePlan(state, plan([step('a'), step('b'), step('c')]));
		expect(next.steps.map((s) => s.status)).toEqual(['done', 'done', 'failed']);
		expect(next.steps.map((s) => s.reason)).toEqual(['was done', 'was done', 'was failed']);
		expect(changes).toEqual({changed: [], added: [], removed: [], moved: [], settings: false});
		expect(hasChanges(changes)).toBe(false);
	});

	it('a step whose hash changed becomes pending, keeps its attempt count and is listed in changed; the others keep their status', () => {
		const {state: next, changes} = reconcilePlan(before(), plan([step('a'), step('b', 'hash-b-edited'), step('c')]));
		expect(next.steps.map((s) => s.status)).toEqual(['done', 'pending', 'failed']);
		expect(next.steps[1]).toMatchObject({hash: 'hash-b-edited', attempts: 1, reason: null});
		expect(changes.changed).toEqual(['b']);
		expect(hasChanges(changes)).toBe(true);
		expect(nextStepIndex(next)).toBe(1);
	});

	it('an added step is pending and listed; a removed step is gone and listed', () => {
		const {state: next, changes} = reconcilePlan(before(), plan([step('a'), step('new'), step('c')]));
		expect(next.steps.map((s) => [s.id, s.status])).toEqual([
			['a', 'done'],
			['new', 'pending'],
			['c', 'failed'],
		]);
		expect(changes).toMatchObject({added: ['new'], removed: ['b'], changed: []});
		expect(hasChanges(changes)).toBe(true);
	});

	it('a step that moved keeps its status and is listed in moved', () => {
		const {state: next, changes} = reconcilePlan(before(), plan([step('c'), step('a'), step('b')]));
		expect(next.steps.map((s) => [s.id, s.status])).toEqual([
			['c', 'failed'],
			['a', 'done'],
			['b', 'done'],
		]);
		expect(changes.moved).toEqual(['c', 'a', 'b']);
		expect(hasChanges(changes)).toBe(true);
	});

	it('a renamed step (same id and hash) keeps its status and takes the new name', () => {
		const renamed = {...step('a'), name: 'Upgrade galera'};
		const {state: next, changes} = reconcilePlan(before(), plan([renamed, step('b'), step('c')]));
		expect(next.steps[0]).toMatchObject({name: 'Upgrade galera', status: 'done'});
		expect(hasChanges(changes)).toBe(false);
	});

	it('a plan hash change that no step explains is a settings change, and the new plan hash is kept', () => {
		const {state: next, changes} = reconcilePlan(before(), plan([step('a'), step('b'), step('c')], 'other-inventory'));
		expect(changes.settings).toBe(true);
		expect(hasChanges(changes)).toBe(true);
		expect(next.plan.hash).toBe('other-inventory');
		expect(next.steps.map((s) => s.status)).toEqual(['done', 'done', 'failed']);
	});
});

describe('resetSteps', () => {
	const finishedRun = () => {
		const state = withStatuses(newRunState(plan([step('a'), step('b'), step('c')])), ['done', 'failed', 'paused']);
		return {
			...updateStep(state, 2, {pausedAt: {task: 'x', play: 'P', reason: 'task', at: '2026-01-01T00:00:00.000Z'}, startedAt: '2026-01-01T00:00:00.000Z'}),
			run: {...state.run, status: 'paused' as const, pid: 77, waitingFor: 'handler'},
		};
	};

	it('with no ids forgets every step outcome and leaves the run idle with no pid', () => {
		const next = resetSteps(finishedRun(), []);
		expect(next.steps.map((s) => [s.status, s.reason, s.pausedAt, s.startedAt])).toEqual([
			['pending', null, null, null],
			['pending', null, null, null],
			['pending', null, null, null],
		]);
		expect(next.run).toMatchObject({status: 'idle', pid: null, waitingFor: null});
	});

	it('with ids forgets only the named steps', () => {
		const next = resetSteps(finishedRun(), ['a', 'c']);
		expect(next.steps.map((s) => [s.id, s.status])).toEqual([
			['a', 'pending'],
			['b', 'failed'],
			['c', 'pending'],
		]);
		expect(next.steps[1]?.reason).toBe('was failed');
		expect(next.run.status).toBe('idle');
	});

	it('a reset that leaves every step finished (done or skipped) leaves the run done', () => {
		const state = withStatuses(newRunState(plan([step('a'), step('b')])), ['done', 'skipped']);
		expect(resetSteps(state, ['not-a-step']).run.status).toBe('done');
	});

	it('a step left running by a driver that stopped keeps the run running: a reset of another step does not make it idle', () => {
		const state = withStatuses(newRunState(plan([step('a'), step('b')])), ['running', 'failed']);
		const next = resetSteps({...state, run: {...state.run, status: 'running', pid: 77}}, ['b']);
		expect(next.steps.map((s) => s.status)).toEqual(['running', 'pending']);
		expect(next.run).toMatchObject({status: 'running', pid: null});
	});
});

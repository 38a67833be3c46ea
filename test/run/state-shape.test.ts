import {describe, expect, it} from 'vitest';
import {checkRunState, describeProblems} from '../../source/run/state-shape.js';
import {validState} from './state-fixture.js';

/** The state with one change made to a copy, as a hand edit or a damaged file would. */
function edited(change: (state: any) => void): unknown {
	const state = structuredClone(validState()) as any;
	change(state);
	return state;
}

function problems(value: unknown): string[] {
	const result = checkRunState(value);
	if (result.ok) throw new Error('expected the state to be refused');
	return result.problems;
}

describe('checkRunState', () => {
	it('accepts a state as the supervisor writes it, and one written before ansible-core was recorded', () => {
		expect(checkRunState(validState()).ok).toBe(true);
		expect(checkRunState(edited((s) => delete s.steps[0].ansible)).ok).toBe(true);
		expect(checkRunState(edited((s) => (s.run.ansible = null))).ok).toBe(true);
		expect(checkRunState(edited((s) => (s.unknownLaterField = 1))).ok).toBe(true);
	});

	it('names the place of each problem: a null step, null hosts, a missing plan path, wrong types', () => {
		expect(problems(edited((s) => (s.steps = [null])))).toEqual(['steps[0]: expected an object, got null']);
		expect(problems(edited((s) => (s.steps[1].hosts = null)))).toEqual(['steps[1].hosts: expected an object, got null']);
		expect(problems(edited((s) => delete s.plan.path))).toEqual(['plan.path is missing']);
		expect(problems(edited((s) => (s.plan.path = '')))).toEqual(['plan.path: expected non-empty text, got the text ""']);
		expect(problems(edited((s) => (s.steps[0].attempts = '1')))).toEqual(['steps[0].attempts: expected a whole number >= 0, got the text "1"']);
		expect(problems(edited((s) => (s.steps[0].status = 'finished')))[0]).toMatch(/^steps\[0\]\.status: expected one of pending, running, done.*got the text "finished"$/);
		expect(problems(edited((s) => (s.run = [])))).toEqual(['run: expected an object, got a list']);
		expect(problems(edited((s) => (s.steps = {})))).toEqual(['steps: expected a list, got an object']);
		expect(problems(edited((s) => (s.steps[0].attempt.eventsFile = 42)))).toEqual(['steps[0].attempt.eventsFile: expected non-empty text, got number 42']);
		expect(problems(edited((s) => (s.steps[0].problems = [{host: 'h1', task: 't', status: 'bad', msg: 'm'}])))[0]).toMatch(/^steps\[0\]\.problems\[0\]\.status/);
	});

	it('refuses other versions, non-objects, and two steps with one id', () => {
		expect(problems(edited((s) => (s.version = 2)))).toEqual(['version: expected 1 (the only state version there is), got number 2']);
		expect(problems(null)).toEqual(['the state: expected an object, got null']);
		expect(problems(edited((s) => (s.steps[1].id = 'first')))).toEqual(['steps[1].id: "first" is used by an earlier step too']);
	});

	it('lists the first three problems and counts the rest', () => {
		expect(describeProblems(['a', 'b'])).toBe('a; b');
		expect(describeProblems(['a', 'b', 'c', 'd', 'e'])).toBe('a; b; c; and 2 more');
	});
});

import type {Key} from 'ink';
import {describe, expect, it} from 'vitest';
import {keyToAction} from '../../source/ui/keys.js';
import {initialUiState, keepVisible, shownStep, uiReducer, type UiAction, type UiContext, type UiState} from '../../source/ui/ui-state.js';

function ctx(over: Partial<UiContext> = {}): UiContext {
	const rows = over.rows ?? 50;
	const steps = over.steps ?? 10;
	return {
		steps,
		planRows: Array.from({length: steps}, (_, i) => ({first: i, last: i})),
		currentStep: 3,
		rows,
		rowList: Array.from({length: rows}, (_, i) => i),
		columns: Array.from({length: 20}, (_, i) => [i]),
		visibleRows: 10,
		visibleCols: 5,
		visibleSteps: 6,
		follow: {row: 45, col: 2},
		followRowFrom: 40,
		followColFrom: 0,
		logLines: 100,
		logVisible: 20,
		failures: () => [],
		detailLines: 30,
		detailVisible: 20,
		canAbort: true,
		canHandOver: false,
		runState: 'running',
		...over,
	};
}

function run(actions: UiAction[], context = ctx(), start: UiState = initialUiState()): UiState {
	return actions.reduce((s, a) => uiReducer(s, a, context), start);
}

const move = (direction: 'up' | 'down' | 'left' | 'right', by?: number): UiAction => ({type: 'move', direction, ...(by ? {by} : {})});

describe('uiReducer: following and the cursor', () => {
	it('follows until the first move, which starts from the followed cell and pins its step', () => {
		const s = run([move('down')]);
		expect(s.cursor).toEqual({row: 46, col: 2, step: 3});
		expect(s.scroll.row).toBe(40);
		expect(shownStep(s, {currentStep: 5, steps: new Array(10)})).toBe(3);
	});

	it('scrolls both axes to keep the cursor in view', () => {
		const s = run([move('up', 10), move('up', 10), move('right'), move('right'), move('right')]);
		expect(s.cursor).toMatchObject({row: 25, col: 5});
		expect(s.scroll.row).toBe(25);
		expect(s.scroll.col).toBe(1);
		const end = run([move('right', 100), move('down', 100)], ctx(), s);
		expect(end.cursor).toMatchObject({row: 49, col: 19});
		expect(end.scroll).toMatchObject({row: 40, col: 15});
	});

	it('moves over grouped columns by group, keeping a host index in the cursor', () => {
		const grouped = ctx({columns: [[0, 3, 4], [1], [2, 5]], follow: {row: 0, col: 0}});
		const s = run([move('right')], grouped);
		expect(s.cursor).toMatchObject({col: 1});
		expect(run([move('right'), move('right')], grouped).cursor).toMatchObject({col: 2});
	});

	it('escape goes back to following, f follows the running step too', () => {
		const s = run([move('down'), {type: 'escape'}]);
		expect(s.cursor).toBeNull();
		const chosen = run([{type: 'toggle-focus'}, move('down'), {type: 'select-step'}, move('left')]);
		expect(chosen.selectedStep).toBe(4);
		expect(chosen.cursor).not.toBeNull();
		const followed = run([{type: 'follow'}], ctx(), chosen);
		expect(followed).toMatchObject({selectedStep: null, cursor: null});
	});

	it('says so when there is nothing to move over', () => {
		const s = run([move('down')], ctx({rows: 0, columns: [], follow: null}));
		expect(s.cursor).toBeNull();
		expect(s.message).toContain('no results');
	});
});

describe('uiReducer: plan pane', () => {
	it('moves a plan cursor and selects a step with enter, resetting the matrix cursor', () => {
		let s = run([{type: 'toggle-focus'}, move('down'), move('down')]);
		expect(s.planCursor).toBe(5);
		expect(s.selectedStep).toBeNull();
		s = run([{type: 'select-step'}], ctx(), s);
		expect(s).toMatchObject({selectedStep: 5, planCursor: null, cursor: null, focus: 'matrix'});
		expect(run([{type: 'toggle-focus'}, move('up', 100)]).planCursor).toBe(0);
		expect(run([{type: 'toggle-focus'}, move('down', 100)]).scroll.plan).toBe(4);
	});
});

describe('uiReducer: overlays and messages', () => {
	it('opens and closes help and the log; the log scrolls within its lines', () => {
		expect(run([{type: 'open', overlay: 'help'}]).overlay).toBe('help');
		expect(run([{type: 'open', overlay: 'help'}, {type: 'escape'}]).overlay).toBe('none');
		const log = run([{type: 'open', overlay: 'log'}, {type: 'scroll-log', by: 30}]);
		expect(log).toMatchObject({overlay: 'log', logScroll: 30});
		expect(run([{type: 'scroll-log', by: 1000}], ctx(), log).logScroll).toBe(80);
		expect(run([{type: 'scroll-log', by: -1000}], ctx(), log).logScroll).toBe(0);
		expect(run([{type: 'open', overlay: 'log'}], ctx(), log).logScroll).toBe(0);
	});

	it('asks before an abort, and only when a step runs', () => {
		expect(run([{type: 'request-abort'}]).overlay).toBe('confirm-abort');
		expect(run([{type: 'request-abort'}, {type: 'cancel'}])).toMatchObject({overlay: 'none', message: 'abort cancelled'});
		expect(run([{type: 'request-abort'}, {type: 'confirm'}]).overlay).toBe('none');
		// A replay: said at once, no prompt to answer first.
		expect(run([{type: 'request-abort'}], ctx({replay: true}))).toMatchObject({overlay: 'none', message: 'a: a replay runs nothing; q leaves it'});
		const idle = run([{type: 'request-abort'}], ctx({canAbort: false}));
		expect(idle.overlay).toBe('none');
		expect(idle.message).toContain('nothing to abort');
		expect(run([{type: 'request-start'}]).overlay).toBe('confirm-start');
	});

	it('keeps a message until the next key', () => {
		const s = run([{type: 'set-message', message: 'r: nothing to resume, the run is running'}]);
		expect(s.message).toBe('r: nothing to resume, the run is running');
		expect(run([move('down')], ctx(), s).message).toBeNull();
		expect(run([{type: 'clear-message'}], ctx(), s).message).toBeNull();
	});

	it("drops a key's answer once the run's state moves on, and keeps a notice", () => {
		const answer = run([{type: 'set-message', message: 'pause requested', when: 'running'}]);
		expect(run([{type: 'run-state', key: 'running'}], ctx(), answer).message).toBe('pause requested');
		expect(run([{type: 'run-state', key: 'pausing'}], ctx(), answer)).toMatchObject({message: null, messageWhen: null});
		const notice = run([{type: 'set-message', message: 'the supervisor stopped (exit 2)'}]);
		expect(run([{type: 'run-state', key: 'failed (no supervisor)'}], ctx(), notice).message).toBe('the supervisor stopped (exit 2)');
		// The reducer's own answers are about the state they were given in.
		const refused = run([{type: 'request-abort'}], ctx({canAbort: false, runState: 'paused'}));
		expect(refused.messageWhen).toBe('paused');
		expect(run([{type: 'run-state', key: 'running'}], ctx(), refused).message).toBeNull();
	});

	it('keepVisible moves a window as little as it can', () => {
		expect(keepVisible(0, 5, 10, 100)).toBe(0);
		expect(keepVisible(0, 12, 10, 100)).toBe(3);
		expect(keepVisible(20, 12, 10, 100)).toBe(12);
		expect(keepVisible(95, 99, 10, 100)).toBe(90);
	});
});

describe('keyToAction', () => {
	const none: Key = {
		upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
		return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false,
		hyper: false, capsLock: false, numLock: false,
	} as Key;
	const press = (input: string, key: Partial<Key> = {}, ui: Partial<UiState> = {}) => keyToAction(input, {...none, ...key}, initialUiState(ui));

	it("maps DESIGN.md's keys", () => {
		expect(press('p')).toEqual({command: 'pause'});
		expect(press('r')).toEqual({command: 'resume'});
		expect(press('q')).toEqual({command: 'quit'});
		expect(press('a')).toEqual({type: 'request-abort'});
		expect(press('?')).toEqual({type: 'open', overlay: 'help'});
		expect(press('L', {shift: true})).toEqual({type: 'open', overlay: 'log'});
		expect(press('', {tab: true})).toEqual({type: 'toggle-focus'});
		for (const [input, key, direction] of [['k', {}, 'up'], ['j', {}, 'down'], ['h', {}, 'left'], ['l', {}, 'right'], ['', {upArrow: true}, 'up'], ['', {rightArrow: true}, 'right']] as const) {
			expect(press(input, key)).toEqual({type: 'move', direction});
		}
		expect(press('', {return: true})).toEqual({type: 'open', overlay: 'detail'});
		expect(press('', {return: true}, {focus: 'plan'})).toEqual({type: 'select-step'});
		expect(press('', {escape: true})).toEqual({type: 'escape'});
	});

	it('answers the abort confirmation with y only', () => {
		expect(press('y', {}, {overlay: 'confirm-abort'})).toEqual({command: 'abort', action: {type: 'confirm'}});
		expect(press('n', {}, {overlay: 'confirm-abort'})).toEqual({type: 'cancel'});
		expect(press('q', {}, {overlay: 'confirm-abort'})).toEqual({type: 'cancel'});
	});

	it('leaves the keys to the start confirmation input, and scrolls the log and the help', () => {
		expect(press('q', {}, {overlay: 'confirm-start'})).toBeNull();
		expect(press('k', {}, {overlay: 'log'})).toEqual({type: 'scroll-log', by: 1});
		expect(press('', {escape: true}, {overlay: 'log'})).toEqual({type: 'close'});
		expect(press('j', {}, {overlay: 'help'})).toEqual({type: 'scroll-detail', by: 1});
		expect(press('x', {}, {overlay: 'help'})).toBeNull();
	});
});

describe('hand-over overlay', () => {
	it('H opens the commands to go on by hand only after a failure or an abort, and H or esc closes them', () => {
		const none = run([keyAction('H')]);
		expect(none.overlay).toBe('none');
		expect(none.message).toMatch(/nothing to hand over/);
		const open = run([keyAction('H')], ctx({canHandOver: true}));
		expect(open.overlay).toBe('handover');
		expect(keyToAction('H', {} as Key, open)).toEqual({type: 'close'});
		expect(keyToAction('', {escape: true} as Key, open)).toEqual({type: 'close'});
	});
});

function keyAction(input: string): UiAction {
	const action = keyToAction(input, {} as Key, initialUiState());
	if (!action || 'command' in action) throw new Error(`${input} is not a UI action`);
	return action;
}

describe('n / N: from failure to failure', () => {
	const failures = [
		{row: 2, col: 7},
		{row: 9, col: 1},
		{row: 30, col: 4},
	];
	const context = ctx({failures: () => failures, follow: {row: 45, col: 2}});
	const n: UiAction = {type: 'jump-failure', direction: 1};
	const N: UiAction = {type: 'jump-failure', direction: -1};

	it('n goes to the next failed cell after the cursor in row order, wrapping; N goes back', () => {
		const first = run([{type: 'move', direction: 'up', by: 40}, n], context);
		expect(first.cursor).toMatchObject({row: 9, col: 1});
		expect(first.message).toBe('failure 2 of 3');
		expect(run([n], context, first).cursor).toMatchObject({row: 30, col: 4});
		expect(run([n, n], context, first).cursor).toMatchObject({row: 2, col: 7});
		expect(run([N], context, first).cursor).toMatchObject({row: 2, col: 7});
		expect(run([N, N], context, first).cursor).toMatchObject({row: 30, col: 4});
	});

	it('scrolls the failure into view', () => {
		const s = run([n], ctx({failures: () => failures, follow: null, followRowFrom: 0}));
		expect(s.cursor).toMatchObject({row: 2, col: 7});
		expect(s.scroll.col).toBeGreaterThan(0);
		expect(s.scroll.col + 5).toBeGreaterThan(7);
	});

	it('says so when the step has no failure', () => {
		expect(run([n], ctx({failures: () => []})).message).toBe('n: no failed or unreachable host in this step');
		expect(keyToAction('n', {} as Key, initialUiState())).toEqual(n);
		expect(keyToAction('N', {shift: true} as Key, initialUiState())).toEqual(N);
	});
});


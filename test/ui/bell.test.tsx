import {PassThrough} from 'node:stream';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {RunStatus} from '../../source/run/types.js';
import {App} from '../../source/ui/app.js';
import {ringsBell, terminalBell} from '../../source/ui/bell.js';
import {FakeSource} from './fake-source.js';
import {data, osaSteps, run} from './data.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
const mounted: Array<{unmount: () => void}> = [];
afterEach(() => {
	for (const m of mounted.splice(0)) m.unmount();
});

async function watch(first: RunStatus, then: RunStatus[], onBell?: () => void): Promise<void> {
	const source = new FakeSource(data(run(osaSteps(), {status: first})));
	mounted.push(render(<App source={source} startPrompt={null} onExit={() => {}} {...(onBell ? {onBell} : {})} />));
	await tick();
	for (const status of then) {
		source.set(data(run(osaSteps(), {status})));
		await tick();
	}
}

describe('bell', () => {
	it('rings once when the run fails or pauses while watched', async () => {
		const failed = vi.fn();
		await watch('running', ['running', 'failed', 'failed'], failed);
		expect(failed).toHaveBeenCalledTimes(1);
		const paused = vi.fn();
		await watch('running', ['pausing', 'paused', 'paused'], paused);
		expect(paused).toHaveBeenCalledTimes(1);
	});

	it('does not ring for the state the viewer opens on, nor while the run goes on', async () => {
		const bell = vi.fn();
		await watch('failed', ['failed'], bell);
		await watch('running', ['pausing', 'running'], bell);
		expect(bell).not.toHaveBeenCalled();
	});

	it('rings again for a new stop after the run went on', async () => {
		const bell = vi.fn();
		await watch('running', ['paused', 'running', 'done'], bell);
		expect(bell).toHaveBeenCalledTimes(2);
	});

	it('writes BEL to the terminal, and nothing with --no-bell', async () => {
		const on = new PassThrough();
		await watch('running', ['aborted'], terminalBell({}, on));
		expect(on.read()?.toString()).toBe('\u0007');
		const off = new PassThrough();
		expect(terminalBell({bell: false}, off)).toBeUndefined();
		await watch('running', ['aborted'], terminalBell({bell: false}, off));
		expect(off.read()).toBe(null);
	});

	it('rings only on a change into failed, paused, aborted or done', () => {
		expect(['failed', 'paused', 'aborted', 'done'].every((s) => ringsBell('running', s as RunStatus))).toBe(true);
		expect(ringsBell(null, 'failed')).toBe(false);
		expect(ringsBell('failed', 'failed')).toBe(false);
		expect(ringsBell('running', 'pausing')).toBe(false);
	});
});

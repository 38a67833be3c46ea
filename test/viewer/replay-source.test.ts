import {fileURLToPath} from 'node:url';
import {expect, it, vi} from 'vitest';
import {detectRecording} from '../../source/replay/detect.js';
import {ReplaySource} from '../../source/viewer/replay-source.js';

const fixture = (p: string) => fileURLToPath(new URL(`../../fixtures/${p}`, import.meta.url));

function open(path: string, speed = 0): ReplaySource {
	const detected = detectRecording(fixture(path));
	if (!detected.ok) throw new Error(detected.message);
	return new ReplaySource(detected.recording, speed);
}

it('plays a recorded run directory to its end: statuses as recorded, the failed step\'s matrix and detail by offset', async () => {
	const source = open('replay/run-dir');
	try {
		await vi.waitFor(() => expect(source.snapshot().run.status).toBe('failed'));
		const {run} = source.snapshot();
		expect(run.steps.map((s) => s.status)).toEqual(['done', 'failed', 'pending']);
		expect(run.currentStep).toBe(1); // the last step that ran, not the one that never started
		source.selectStep(1);
		const matrix = source.snapshot().matrix!;
		expect(matrix.tasks.map((t) => t.name)).toEqual(['check cluster state', 'after the check']);
		source.selectCell({row: 0, col: matrix.hosts.indexOf('h2')});
		expect(source.snapshot().detail).toMatchObject({host: 'h2', status: 'failed', stderr: 'wsrep not Synced'});
	} finally {
		source.close();
	}
});

it('plays an ansible-runner folder (no file to read back): details come from memory', async () => {
	const source = open('replay/runner');
	try {
		await vi.waitFor(() => expect(['done', 'failed']).toContain(source.snapshot().run.status));
		const matrix = source.snapshot().matrix!;
		const col = matrix.hosts.indexOf('h2');
		const row = matrix.cells.findIndex((cells) => cells[col] === 4); // 4 = failed
		expect(row).toBeGreaterThanOrEqual(0);
		source.selectCell({row, col});
		expect(source.snapshot().detail?.status).toBe('failed');
		expect(source.snapshot().detail?.msg).toBeTruthy();
	} finally {
		source.close();
	}
});

it('p pauses the playback and r goes on; a says a replay runs nothing', async () => {
	const source = open('replay/run-dir', 1);
	try {
		expect(source.pause().ok).toBe(true);
		expect(source.snapshot().run.status).toBe('paused');
		expect(source.abort().ok).toBe(false);
		expect(source.resume().ok).toBe(true);
		expect(source.snapshot().run.status).toBe('running');
	} finally {
		source.close();
	}
});

it("the replay's clock stands still while it is paused and once it has ended", async () => {
	// A clock the test moves: `now` is set by hand, sleeps are real (the playback waits on them).
	let t = 0;
	const clock = {now: () => t, sleep: (ms: number) => new Promise((r) => setTimeout(r, Math.min(ms, 5))), ticks: false};
	const detected = detectRecording(fixture('replay/run-dir'));
	if (!detected.ok) throw new Error(detected.message);
	const source = new ReplaySource(detected.recording, 1, clock);
	// setLogOpen draws a new frame, so the snapshot is of now.
	const elapsed = () => (source.setLogOpen(), source.snapshot().run.elapsedMs);
	try {
		t = 1000;
		source.pause();
		expect(elapsed()).toBe(1000);
		t = 9000; // eight seconds paused
		expect(elapsed()).toBe(1000);
		source.resume();
		expect(elapsed()).toBe(1000);
		t = 9500;
		expect(elapsed()).toBe(1500);
		await source.done;
		const ended = elapsed();
		t = 60_000;
		expect(elapsed()).toBe(ended);
	} finally {
		source.close();
	}
});

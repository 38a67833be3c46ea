// `reset [STEP...]`: forget finished or failed state so steps run again. Never while a supervisor runs.
import {acquireLock} from '../run/lock.js';
import {resetSteps} from '../run/machine.js';
import {StateStore} from '../run/store.js';
import {clearAbort, clearPause} from '../run/control.js';
import {CommandExit, exitCodes, type Flags, type Io} from './io.js';
import {mustReadState, runDir} from './locate.js';

export async function resetCommand(ids: string[], flags: Flags, io: Io): Promise<number> {
	const dir = runDir(flags, io);
	const state = mustReadState(dir);
	const known = new Set(state.steps.map((s) => s.id));
	const unknown = ids.filter((id) => !known.has(id));
	if (unknown.length > 0) throw new CommandExit(exitCodes.usage, `no step named ${unknown.join(', ')} in this run; its steps are: ${[...known].join(', ')}`);
	const lock = acquireLock(dir);
	if (!lock.ok) throw new CommandExit(exitCodes.locked, `a supervisor (pid ${lock.owner.pid}) is running this plan; stop it first (ansible-driver stop)`);
	try {
		const what = ids.length === 0 ? `all ${state.steps.length} steps` : ids.join(', ');
		if (!flags.yes) {
			if (!io.stdinIsTTY) throw new CommandExit(exitCodes.usage, `reset forgets the outcome of ${what}; pass --yes to confirm when not on a terminal`);
			const answer = await io.ask(`Forget the outcome of ${what} in ${dir}, so they run again? Type yes: `);
			if (answer.trim().toLowerCase() !== 'yes') {
				io.stdout.write('nothing was reset.\n');
				return exitCodes.done;
			}
		}
		new StateStore(dir).write(resetSteps(state, ids));
		clearPause(dir);
		clearAbort(dir);
		io.stdout.write(`reset ${what}; they run on the next \`ansible-driver run\` or \`resume\`.\n`);
		return exitCodes.done;
	} finally {
		lock.release();
	}
}

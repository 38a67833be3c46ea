// The start confirmation: the whole plan listed, and a text input that starts the run only
// when the operator types YES and presses enter. The one component with its own useInput.
import {useInput} from 'ink';
import {useRef, useState} from 'react';
import {unitBranch} from './plan-pane.js';
import {sanitizeLine} from '../../ansible/sanitize.js';
import {count} from '../../text/words.js';
import {fit, Lines, type Segment} from './text.js';

export interface ConfirmStartProps {
	planName: string;
	steps: Array<{id: string; name: string; unit?: {id: string; role: 'main' | 'fallback'} | null; check?: 'before' | 'after' | null}>;
	width: number;
	height: number;
	isActive: boolean;
	onSubmit: () => void;
	onCancel: () => void;
}

const answer = 'YES';

/** The start prompt's typing: what is typed so far, and whether a wrong answer was given. */
export function useConfirmInput({isActive, onSubmit, onCancel}: {isActive: boolean; onSubmit: () => void; onCancel: () => void}): {value: string; wrong: boolean} {
	const typed = useRef('');
	const [value, setValue] = useState('');
	const [wrong, setWrong] = useState(false);
	useInput(
		(input, key) => {
			if (key.escape) return onCancel();
			if (key.backspace || key.delete) typed.current = typed.current.slice(0, -1);
			else if (!key.return && !key.ctrl && !key.meta) typed.current = (typed.current + input.replace(/[^\x20-\x7e]/g, '')).slice(0, 12);
			if (key.return || /[\r\n]$/.test(input)) {
				if (typed.current === answer) return onSubmit();
				typed.current = '';
				setWrong(true);
			}
			setValue(typed.current);
		},
		{isActive},
	);
	return {value, wrong};
}

export interface ConfirmStartView {
	planName: string;
	steps: ConfirmStartProps['steps'];
	width: number;
	height: number;
	value: string;
	wrong: boolean;
}

export function confirmStartLines({planName, steps, width, height, value, wrong}: ConfirmStartView): Segment[][] {
	const listHeight = Math.max(1, height - 5);
	const columns = Math.max(1, Math.ceil(steps.length / listHeight));
	const columnWidth = Math.floor(width / columns);
	const numberWidth = String(steps.length).length;
	const lines: Segment[][] = [[{text: 'Start ', bold: true}, {text: sanitizeLine(planName), bold: true}, {text: `  ${count(steps.length, 'step')}, in this order:`, dim: true}]];
	for (let r = 0; r < Math.min(listHeight, steps.length); r++) {
		const row: Segment[] = [];
		for (let c = 0; c < columns; c++) {
			const i = c * listHeight + r;
			const step = steps[i];
			if (!step) break;
			const label = `${String(i + 1).padStart(numberWidth)}. ${unitBranch(step.unit)}${step.check ? `check ${step.check}: ` : ''}${sanitizeLine(step.name || step.id)}`;
			row.push({text: fit(`  ${label}`, columnWidth)});
		}
		lines.push(row);
	}
	lines.push([]);
	lines.push([{text: 'Type YES to start: ', bold: true}, {text: value, color: 'cyan'}, {text: '▏'}]);
	lines.push(wrong ? [{text: 'That was not YES. Type YES in capitals and press enter, or esc to cancel.', color: 'yellow'}] : [{text: 'esc cancels', dim: true}]);
	return lines;
}

export function ConfirmStart({planName, steps, width, height, isActive, onSubmit, onCancel}: ConfirmStartProps) {
	const {value, wrong} = useConfirmInput({isActive, onSubmit, onCancel});
	return <Lines lines={confirmStartLines({planName, steps, width, height, value, wrong})} width={width} height={height} />;
}

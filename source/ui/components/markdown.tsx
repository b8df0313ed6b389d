import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import {theme} from '../theme.js';

type Props = {
	readonly text: string;
	readonly width: number;
	/** At most this many lines, each cut at the width (…): where the screen has no room for more. */
	readonly maxLines?: number;
};
type Render = (text: string, width: number) => string;

let renderer: Promise<Render> | undefined;
const rendered = new Map<string, string>();

/** marked with marked-terminal, loaded on first use: it is large, and the first frame must not wait for it. */
function loadRenderer(): Promise<Render> {
	renderer ??= Promise.all([import('marked'), import('marked-terminal')]).then(([{Marked}, {markedTerminal}]) => {
		const byWidth = new Map<number, InstanceType<typeof Marked>>();
		return (text: string, width: number) => {
			let marked = byWidth.get(width);
			if (!marked) byWidth.set(width, (marked = new Marked(markedTerminal({width, reflowText: true, tab: 2}) as ConstructorParameters<typeof Marked>[0])));
			const out = String(marked.parse(text, {async: false})).replace(/\n+$/, '');
			return theme.plain ? out.replace(/\u001B\[[0-9;]*m/g, '') : out;
		};
	});
	return renderer;
}

/** Markdown (a step's description, a manual step's text) rendered for the terminal, reflowed to the width. */
export function Markdown({text, width, maxLines}: Props) {
	const key = `${width}\u0000${text}`;
	const [, setReady] = useState(0);
	useEffect(() => {
		if (!rendered.has(key)) void loadRenderer().then(render => (rendered.set(key, render(text, width)), setReady(count => count + 1)));
	}, [key]);
	// Until the renderer is loaded, the text as written (it is readable as it is).
	const out = rendered.get(key) ?? text;
	if (maxLines === undefined) return <Text wrap="wrap">{out}</Text>;
	const lines = out.split('\n').filter(line => line.trim() !== '');
	return (
		<Box flexDirection="column">
			{lines.slice(0, maxLines).map((line, index) => (
				<Text key={index} wrap="truncate-end">
					{index === maxLines - 1 && lines.length > maxLines ? `${line} …` : line}
				</Text>
			))}
		</Box>
	);
}

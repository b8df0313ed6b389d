import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import {theme} from '../theme.js';

export type ListItem = {readonly key?: string; readonly label: string; readonly value: string};

type Props = {
	readonly items: readonly ListItem[];
	readonly onSelect: (item: ListItem) => void;
	readonly limit?: number;
};

function Indicator({isSelected = false}: {readonly isSelected?: boolean}) {
	return <Box marginRight={1}>{isSelected ? <Text color={theme.accent}>❯</Text> : <Text> </Text>}</Box>;
}

function Item({isSelected = false, label}: {readonly isSelected?: boolean; readonly label: string}) {
	return (
		<Text color={isSelected ? theme.accent : undefined} bold={isSelected && theme.plain}>
			{label}
		</Text>
	);
}

/** A list to choose from (↑/↓, Enter), in the interface's colours (none under NO_COLOR). */
export function List({items, onSelect, limit}: Props) {
	return <SelectInput items={[...items]} onSelect={onSelect} indicatorComponent={Indicator} itemComponent={Item} {...(limit ? {limit} : {})} />;
}

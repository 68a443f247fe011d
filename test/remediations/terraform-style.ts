/**
 * `terraform fmt` style, checked without terraform: two-space indentation by bracket depth (as in
 * hclwrite, a line that opens several brackets, like `jsonencode({`, indents the next ones once), no
 * trailing spaces or tabs, one blank line between top-level blocks, and the `=` of consecutive
 * one-line attributes aligned one space after the longest name (hclwrite's rule: a line that
 * opens a multi-line bracket, a block, a closing bracket or a blank line ends such a run).
 * Returns the problems, as "line N: ...".
 */
export function terraformStyleProblems(text: string): string[] {
  const problems: string[] = [];
  if (!text.endsWith('\n') || text.endsWith('\n\n')) problems.push('the file must end with exactly one newline');
  const lines = text.slice(0, -1).split('\n');
  // One entry per line that opened brackets: how many it left open.
  const indents: number[] = [];
  let run: { line: number; nameEnd: number; equals: number }[] = [];
  const closeRun = (): void => {
    const column = Math.max(...run.map((entry) => entry.nameEnd)) + 1;
    for (const entry of run)
      if (entry.equals !== column) problems.push(`line ${entry.line}: "=" at column ${entry.equals}, expected ${column} (aligned with its neighbours)`);
    run = [];
  };
  lines.forEach((line, index) => {
    const number = index + 1;
    if (/[ \t]$/.test(line)) problems.push(`line ${number}: trailing whitespace`);
    if (line.includes('\t')) problems.push(`line ${number}: tab`);
    if (line === '') {
      closeRun();
      if (lines[index - 1] === '') problems.push(`line ${number}: two blank lines`);
      if (indents.length !== 0) problems.push(`line ${number}: blank line inside a block`);
      return;
    }
    const { opened, closed, leadingClosers } = brackets(line);
    const net = opened - closed;
    if (net < 0) close(indents, -net);
    const depth = indents.length;
    const expected = 2 * depth;
    const indent = line.length - line.trimStart().length;
    if (indent !== expected) problems.push(`line ${number}: indented ${indent}, expected ${expected}`);
    if (leadingClosers > 0 && net >= 0) problems.push(`line ${number}: closes and reopens brackets on one line`);
    if (depth === 0 && index > 0 && lines[index - 1] !== '' && !/^[}\])]/.test(line))
      problems.push(`line ${number}: top-level blocks are separated by a blank line`);
    const assignment = /^(\s*)("(?:[^"\\]|\\.)*"|[A-Za-z_][\w-]*)(\s*)=(?!=)/.exec(line);
    if (assignment && opened === closed) {
      run.push({
        line: number,
        nameEnd: assignment[1]!.length + assignment[2]!.length,
        equals: assignment[1]!.length + assignment[2]!.length + assignment[3]!.length,
      });
    } else {
      closeRun();
    }
    if (net > 0) indents.push(net);
  });
  closeRun();
  if (indents.length !== 0) problems.push('unbalanced brackets');
  return problems;
}

function close(indents: number[], count: number): void {
  let left = count;
  while (left > 0 && indents.length > 0) {
    const top = indents.pop()!;
    if (top > left) indents.push(top - left);
    left -= Math.min(top, left);
  }
}

/** Brackets outside strings: how many a line opens and closes, and how many it starts by closing. */
function brackets(line: string): { opened: number; closed: number; leadingClosers: number } {
  let opened = 0;
  let closed = 0;
  let leadingClosers = 0;
  let inString = false;
  let leading = true;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i]!;
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if ('{[('.includes(char)) opened += 1;
    else if ('}])'.includes(char)) {
      closed += 1;
      if (leading) leadingClosers += 1;
    }
    if (char !== ' ' && !'}])'.includes(char)) leading = false;
  }
  return { opened, closed, leadingClosers };
}

import type { RegisterCommand } from '../context';

export const registerNote: RegisterCommand = ({ program, io, open }) => {
  program
    .command('note')
    .description('show, set or clear the note of a paper (text "-" reads standard input)')
    .argument('<ref>', 'a paper ref')
    .argument('[text...]', 'the new note')
    .option('--clear', 'remove the note')
    .action(async (ref: string, words: string[], opts: { clear?: boolean }) => {
      const { api } = open();
      const paper = await api.getPaper({ ref });
      if (!words.length && !opts.clear) {
        io.stdout(paper.note ?? `#${paper.id} has no note.`);
        return;
      }
      const text = opts.clear ? '' : words.length === 1 && words[0] === '-' ? new TextDecoder().decode(await io.readStdin()) : words.join(' ');
      const r = await api.setNote({ id: paper.id, note: text });
      io.stdout(r.note ? `Note saved on #${paper.id}.` : `Note of #${paper.id} cleared.`);
    });
};

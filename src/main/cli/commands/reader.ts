import path from 'node:path';
import { forgetTextFailures, textCounts } from '../../core/fulltext/store';
import type { RegisterCommand } from '../context';

export const registerAttach: RegisterCommand = ({ program, io, open }) => {
  program
    .command('attach')
    .description("copy a PDF file into the library as a paper's PDF, and index its text")
    .argument('<ref>', 'a paper id, arXiv id or DOI')
    .argument('<file>', 'a PDF file')
    .option('--no-text', 'do not extract the text now (it is extracted later, in the background)')
    .option('--json', 'print the result as JSON')
    .action(async (ref: string, file: string, opts: { text: boolean; json?: boolean }) => {
      const { api, core } = open();
      // The user's own path, from the command line: registered as a received file, as the app's
      // transports register an upload or a picked file.
      const r = await api.attachPdf({ ref, file: core.received.add({ path: path.resolve(file) }) });
      const text = opts.text ? await core.finishTextExtraction() : null;
      const state = (await api.readingState({ ref: String(r.paperId) })).text;
      if (opts.json) {
        io.stdout(JSON.stringify({ ...r, text: state }, null, 2));
        return;
      }
      const paper = await api.getPaper({ ref: String(r.paperId) });
      io.stdout(`${r.replaced ? 'Replaced the PDF of' : 'Attached'} ${path.basename(file)} (${kb(r.bytes)}) to #${paper.id} “${paper.title}” as ${r.file}.`);
      for (const w of r.warnings) io.stdout(`  warning: ${w}`);
      if (text) {
        if (state.state === 'done') io.stdout(`  Text of ${state.pages} page${state.pages === 1 ? '' : 's'} indexed for search${state.chars === 0 ? ' (no text layer: a scan without OCR?)' : ''}.`);
        else if (state.state === 'failed') io.stdout(`  Its text could not be indexed: ${state.error}`);
      }
    });
};

export const registerExtract: RegisterCommand = ({ program, io, open }) => {
  program
    .command('extract')
    .description('extract the text of every PDF not yet in the search index')
    .option('--retry', 'also try again the files that failed before')
    .action(async (opts: { retry?: boolean }) => {
      const { core } = open();
      if (opts.retry) forgetTextFailures(core.db);
      const r = await core.finishTextExtraction();
      const c = textCounts(core.db);
      io.stdout(`Extracted the text of ${r.done} PDF${r.done === 1 ? '' : 's'}${r.failed ? `, ${r.failed} failed` : ''}. In the index: ${c.done}; failed: ${c.failed}; pending: ${c.pending}.`);
      if (c.failed && !opts.retry) io.stdout('  `lectern show <ref>` says why a file failed; `lectern extract --retry` tries them again.');
    });
};

function kb(bytes: number): string {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

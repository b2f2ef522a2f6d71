import { capacityRows, capacityTable, settingsLine } from './simulate/capacity-table.js';
import { parseSimulateOptions, USAGE } from './simulate/options.js';

/**
 * `npm run simulate`: the authorizer's DynamoDB reads under a modelled traffic mix, in simulated
 * time, through the real verified-credential cache and a model of the gateway's result cache.
 * The README's capacity section quotes its default output.
 */
if (process.argv.includes('--help')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
let options: ReturnType<typeof parseSimulateOptions>;
try {
  options = parseSimulateOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
  process.exit(2);
}
const started = performance.now();
const rows = capacityRows(options);
process.stdout.write(
  `${settingsLine(options)}\n\n${capacityTable(rows, options.durationSeconds)}\n`,
);
process.stderr.write(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)\n`);

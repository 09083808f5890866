import { makeStaticStyles } from '@fluentui/react-components';

/**
 * Print stylesheet of the monthly report: A4 pages, only the report (no navigation, no buttons), black on white, table
 * rows kept whole. Everything that neither holds nor belongs to `[data-report-root]` is left out of the printout.
 */
export const usePrintStyles = makeStaticStyles(`
@page { size: A4; margin: 14mm 12mm 16mm 12mm; }
@media print {
  html, body { background: #fff !important; color: #000 !important; height: auto !important; overflow: visible !important; }
  body *:not(:has([data-report-root])):not([data-report-root]):not([data-report-root] *) { display: none !important; }
  *:has([data-report-root]) { height: auto !important; min-height: 0 !important; max-height: none !important; overflow: visible !important;
    position: static !important; padding: 0 !important; margin: 0 !important; border: 0 !important; box-shadow: none !important;
    background: #fff !important; display: block !important; }
  [data-report-root], [data-report-root] * { color: #000 !important; background: #fff !important; box-shadow: none !important;
    text-shadow: none !important; forced-color-adjust: none; }
  [data-report-root] button, [data-report-root] [data-print="hide"], [data-report-root] nav { display: none !important; }
  [data-report-root] [data-print="scroll"] { overflow: visible !important; }
  [data-report-root] table { width: 100% !important; border-collapse: collapse !important; font-size: 10pt; }
  [data-report-root] thead { display: table-header-group; }
  [data-report-root] tr, [data-report-root] li { break-inside: avoid; page-break-inside: avoid; }
  [data-report-root] th, [data-report-root] td { border: 1px solid #444 !important; padding: 3pt 5pt !important; }
  [data-report-root] h2, [data-report-root] h3 { break-after: avoid; page-break-after: avoid; }
  [data-report-root] [data-bar] { border: 1px solid #000 !important; }
  [data-report-root] [data-bar-fill] { background: #000 !important; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  [data-report-root] a { text-decoration: underline; }
}
`);

/**
 * Tables over finished runs: finding and reading runs ({@code RunCollection}), grouping those whose configs
 * differ only in the seed ({@code ConfigGroups}), and writing the table as Markdown, CSV, HTML or LaTeX
 * ({@code TableFormat}); a self-contained HTML report of a set of runs ({@code HtmlReport}).
 */
package org.vaelab.experiments.table;

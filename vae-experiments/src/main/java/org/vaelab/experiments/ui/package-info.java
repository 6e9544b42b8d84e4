/**
 * The local dashboard ({@code vaelab ui}): a small Javalin server on 127.0.0.1 with a JSON API over a folder of
 * runs ({@code RunIndex}) and one page (resources {@code ui/}) that draws with Chart.js, bundled as a webjar.
 */
package org.vaelab.experiments.ui;

// The console's libraries, WebJars unpacked into the WAR; the build fills in their versions.
export { html, nothing, render } from '/webjars/lit-html/${lit-html.version}/lit-html.js';
export { default as uPlot } from '/webjars/uplot/${uplot.version}/dist/uPlot.esm.js';

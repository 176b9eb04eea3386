/** Rendering for the terminal and for scripts: the report, the diff, the watch column, JSON. */
package dev.wrss.agent.cli.text;

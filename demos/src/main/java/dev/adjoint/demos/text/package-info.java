/** Plain-text output for the command line: tables and number formats. */
package dev.adjoint.demos.text;

/** The display web page: not exported. */
package io.galvani.display.web.internal;

/** What the station's screen shows in each state, drawn on the HAL display. */
package io.galvani.display.internal;

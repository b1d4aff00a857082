/** The extension points: filter plugins (PreFilter + Filter) and score plugins (PreScore + Score + NormalizeScore). */
package io.tugboat.scheduler.framework;

/** Row repair and table reconciliation shared by the recovery service and the command line. */
package io.lockstep.recovery;

/**
 * Disentanglement metrics on data with ground-truth factors (dSprites), following disentanglement_lib's
 * protocols: the BetaVAE and FactorVAE scores, MIG, DCI and SAP.
 */
package org.vaelab.metrics.disentanglement;

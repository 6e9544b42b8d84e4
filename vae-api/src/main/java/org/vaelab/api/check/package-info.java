/**
 * Services the framework offers to plugin projects' tests: {@link org.vaelab.api.check.EngineAgreement}, which
 * the contract tests of vae-api's test-jar ({@code org.vaelab.api.testing}) use to check a component on the
 * fast engine against the reference path and finite differences.
 */
package org.vaelab.api.check;

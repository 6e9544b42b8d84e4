/**
 * What trains and evaluates a model: the {@link org.vaelab.engine.Engine} interface, its three
 * implementations (SameDiff's session, the compiled engine, the dense engine) and
 * {@link org.vaelab.engine.EngineChoice}, which picks one per run and says why.
 */
package org.vaelab.engine;

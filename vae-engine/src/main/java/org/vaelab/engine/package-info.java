/**
 * What trains and evaluates a model: the {@link org.vaelab.engine.Engine} interface, its two
 * implementations (the compiled engine, and SameDiff's session as the reference path) and
 * {@link org.vaelab.engine.EngineChoice}, which picks one per run and says why.
 */
package org.vaelab.engine;

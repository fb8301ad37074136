/**
 * Interchange formats for the crosswalk, as pure converters between text and {@link crossmap.bundle.Bundle}:
 * no database access, no HTTP. Every reader reports all the problems it finds at once, as a
 * {@link crossmap.bundle.BundleException} whose errors name where (a {@code file:line:column} for CSV, a
 * JSON path for OSCAL) and what.
 *
 * <ul>
 *   <li>{@link crossmap.interchange.CrosswalkCsv}: a flat mapping CSV (and the two reference CSV layouts),
 *       guarded against spreadsheet-formula injection both ways;</li>
 *   <li>{@link crossmap.interchange.OscalCatalog}: an OSCAL catalog (JSON) as a framework and its requirement tree;</li>
 *   <li>{@link crossmap.interchange.OscalMapping}: the OSCAL 1.2 control mapping model (mapping-collection, JSON).</li>
 * </ul>
 */
package crossmap.interchange;

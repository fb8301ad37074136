package crossmap.dataset;

import crossmap.bundle.BundleStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads (or re-loads) the built-in dataset through the ordinary, validated bundle import. */
public final class DatasetLoader {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetLoader.class);
    private final BundleStore bundles;

    public DatasetLoader(BundleStore bundles) {
        this.bundles = bundles;
    }

    /** The audit entry of a dataset load that no request asked for (first start, first load). */
    public static Map<String, Object> change(String actor, String client, String detail) {
        return BundleStore.change(actor, client, "dataset.load", "built-in dataset", detail);
    }

    public Map<String, Object> load(Map<String, Object> change) {
        long t0 = System.nanoTime();
        BuiltinDataset.Result ds = BuiltinDataset.build();
        BundleStore.ImportResult res = bundles.importBundle(ds.bundle(), change);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        LOG.info("built-in dataset loaded in {} ms: {}", ms, ds.summary());
        for (BuiltinDataset.Problem p : ds.problems()) LOG.warn(p.describe());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("imported", res);
        m.put("skippedRows", ds.skippedRows());
        m.put("problems", ds.problems());
        m.put("millis", ms);
        return m;
    }
}

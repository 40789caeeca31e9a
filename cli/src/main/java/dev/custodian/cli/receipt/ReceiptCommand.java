package dev.custodian.cli.receipt;

import dev.custodian.cli.Api;
import dev.custodian.cli.Exit;
import dev.custodian.cli.Failure;
import dev.custodian.cli.Session;
import dev.custodian.cli.Sizes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.HexFormat;
import java.util.concurrent.Callable;

/** {@code custodian receipt <id>}: a deletion's erasure receipt, fetched and verified. */
@Command(name = "receipt", description = {"Fetch a finished deletion's signed erasure receipt, verify its Ed25519"
        + " signature against /.well-known/jwks.json and, with --key, that key's inclusion in its Merkle root.",
        "Exit: 0 verified and the deletion erased everything; 1 verified, but keys failed or are held, or the"
                + " verification found keys left; 2 the signature or the proof does not verify, or an error."})
public final class ReceiptCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID", description = "the deletion's id")
    String id;

    @Option(names = "--key", paramLabel = "KEY", description = "check that this key's erasure is in the receipt (key)")
    String key;

    @Option(names = "--version-id", paramLabel = "ID", description = "with --key: the erased version (version_id)")
    String versionId;

    @Mixin
    Session session;

    @Override
    public Integer call() {
        if (versionId != null && key == null) {
            throw new Failure("--version-id needs --key");
        }
        Api api = session.api();
        String path = "api/v1/deletions/" + Api.segment(id) + "/receipt";
        Receipts.Verified receipt = Receipts.verify(api.text(path, "application/jose"),
                api.get(".well-known/jwks.json"));
        JsonObject payload = receipt.payload();
        JsonObjectBuilder json = Json.createObjectBuilder().add("verified", true).add("kid", receipt.kid())
                .add("payload", payload);
        StringBuilder text = new StringBuilder("Signature verified (EdDSA, key ").append(receipt.kid()).append(")")
                .append("\nDeletion ").append(payload.getString("deletion_id")).append(": ")
                .append(payload.getString("state")).append(", finished ").append(payload.getString("finished_at"))
                .append(", requested by ").append(payload.getString("requested_by"))
                .append("\n  deleted ").append(number(payload, "deleted")).append(", held ")
                .append(number(payload, "held")).append(", failed ").append(number(payload, "failed")).append(", ")
                .append(Sizes.human(number(payload, "bytes_reclaimed"))).append(" reclaimed")
                .append("\n  verification: ").append(clean(payload) ? "clean" : "NOT clean, "
                        + number(payload.getJsonObject("verification"), "remaining_key_count") + " keys left")
                .append("\n  merkle root ").append(payload.getString("merkle_root")).append(" over ")
                .append(number(payload, "leaf_count")).append(" leaves");
        if (key != null) {
            JsonObject proof = api.get(Api.query(path + "/keys", "key", key, "version_id", versionId));
            long index = number(proof, "index");
            proveInclusion(payload, proof);
            json.add("inclusion", Json.createObjectBuilder().add("key", key).add("index", index).add("included", true));
            text.append("\nKey ").append(key).append(": included, leaf ").append(index).append(" of ")
                    .append(number(payload, "leaf_count"));
        }
        session.print(json.build(), text.toString());
        return (number(payload, "failed") + number(payload, "held") == 0 && clean(payload) ? Exit.DONE
                : Exit.FINDINGS).code();
    }

    /** The leaf must hash to the key asked for and lead to the signed root, in a tree of the signed size. */
    private void proveInclusion(JsonObject payload, JsonObject proof) {
        byte[] leaf = Receipts.leafHash(key, versionId);
        boolean proved = HexFormat.of().formatHex(leaf).equals(proof.getString("leaf_hash"))
                && number(proof, "tree_size") == number(payload, "leaf_count")
                && Receipts.included(number(proof, "index"), number(payload, "leaf_count"), leaf, Receipts.path(proof),
                HexFormat.of().parseHex(payload.getString("merkle_root")));
        if (!proved) {
            throw new Failure("key " + key + " is NOT proved to be in the receipt: its audit path does not lead to"
                    + " the signed merkle root");
        }
    }

    private static boolean clean(JsonObject payload) {
        return payload.getJsonObject("verification").getBoolean("is_clean");
    }

    private static long number(JsonObject object, String name) {
        return object.getJsonNumber(name).longValue();
    }
}

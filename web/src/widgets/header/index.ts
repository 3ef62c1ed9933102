export { Header } from "./header.ui";

export { UserList } from "./user-list.ui";
